package org.supabasemigrator.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.supabasemigrator.catalog.ColumnKind;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.catalog.TargetTable;

/**
 * How the rows of one source table map onto its target table: the columns copied (the source's columns,
 * in target order), where the primary key sits among them, and the PostgREST select list that asks for them.
 */
public final class TableMapping {

    private final TargetTable target;
    private final List<TargetColumn> columns;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final int[] keyIndexes;
    private final byte[][] names;

    /**
     * @param target        the target table from the catalog
     * @param sourceColumns the columns the source table has; every one must exist in the target
     */
    public TableMapping(TargetTable target, List<String> sourceColumns) {
        this.target = target;
        List<String> missing = sourceColumns.stream().filter(c -> target.column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new SchemaMismatchException("target table " + target.name() + " lacks source column(s) "
                    + String.join(", ", missing));
        }
        if (target.primaryKey().isEmpty()) {
            throw new SchemaMismatchException("target table " + target.name()
                    + " has no primary key: rows could not be upserted or paged by key");
        }
        List<String> keyMissing = target.primaryKey().stream().filter(k -> !sourceColumns.contains(k)).toList();
        if (!keyMissing.isEmpty()) {
            throw new SchemaMismatchException("source table " + target.name() + " lacks primary key column(s) "
                    + String.join(", ", keyMissing) + " of the target");
        }
        this.columns = new ArrayList<>();
        for (TargetColumn column : target.columns()) {
            if (sourceColumns.contains(column.name()) && !column.generated()) {
                indexByName.put(column.name(), columns.size());
                columns.add(column);
            }
        }
        this.keyIndexes = target.primaryKey().stream().mapToInt(indexByName::get).toArray();
        this.names = columns.stream().map(c -> c.name().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    public TargetTable target() {
        return target;
    }

    public String table() {
        return target.name();
    }

    /** The copied columns, in target order; a row's values are in this order. */
    public List<TargetColumn> columns() {
        return columns;
    }

    /** Position of a column among {@link #columns()}, or -1 when it is not copied. */
    public int indexOf(String column) {
        return indexByName.getOrDefault(column, -1);
    }

    /**
     * {@link #indexOf} for a field name as the page's bytes {@code from..to} (no escapes), first trying
     * {@code expected}: PostgREST sends the columns in the order they are selected.
     */
    int indexOf(byte[] json, int from, int to, int expected) {
        if (expected < names.length && Arrays.equals(names[expected], 0, names[expected].length, json, from, to)) {
            return expected;
        }
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(names[i], 0, names[i].length, json, from, to)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> keyColumns() {
        return target.primaryKey();
    }

    int[] keyIndexes() {
        return keyIndexes;
    }

    /** Position of a column in the primary key, or -1 when it is not a key column. */
    int keyPosition(int columnIndex) {
        for (int k = 0; k < keyIndexes.length; k++) {
            if (keyIndexes[k] == columnIndex) {
                return k;
            }
        }
        return -1;
    }

    /** PostgREST {@code select}: json/jsonb columns as text, so SQL NULL and JSON null arrive apart. */
    public String selectList() {
        return columns.stream()
                .map(c -> c.kind() == ColumnKind.JSON ? c.name() + "::text" : c.name())
                .collect(Collectors.joining(","));
    }
}
