package org.supabasemigrator.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rows of one source table map onto its target table: the columns copied (the source's columns, in
 * target order, generated columns left out), where the key sits among them, and under which JSON field name
 * each column arrives in a page (its own name, or an alias when the page selects {@code *} beside casts).
 */
public final class TableMapping {

    private final Table target;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final int[] keyIndexes;
    private final String[] fieldNames;
    private final byte[][] fieldBytes;

    /**
     * @param target        the target table from the catalog
     * @param sourceColumns the columns the source table has; each copied column must be among them
     */
    public TableMapping(Table target, List<String> sourceColumns) {
        this(target, copied(target, sourceColumns), null);
    }

    private TableMapping(Table target, List<Column> columns, Map<String, String> aliases) {
        this.target = target;
        this.columns = columns;
        for (int i = 0; i < columns.size(); i++) {
            indexByName.put(columns.get(i).name(), i);
        }
        List<String> missingKey = target.key().stream().filter(k -> !indexByName.containsKey(k)).toList();
        if (target.key().isEmpty() || !missingKey.isEmpty()) {
            throw new IllegalArgumentException("table " + target.name() + " has no key among its copied columns");
        }
        this.keyIndexes = target.key().stream().mapToInt(indexByName::get).toArray();
        this.fieldNames = columns.stream()
                .map(c -> aliases != null && aliases.containsKey(c.name()) ? aliases.get(c.name()) : c.name())
                .toArray(String[]::new);
        this.fieldBytes = Arrays.stream(fieldNames).map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private static List<Column> copied(Table target, List<String> sourceColumns) {
        List<Column> columns = new ArrayList<>();
        for (Column column : target.columns()) {
            if (sourceColumns.contains(column.name()) && !column.generated()) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** The same mapping with columns arriving under other JSON field names (column name to alias). */
    public TableMapping withAliases(Map<String, String> aliases) {
        return new TableMapping(target, columns, aliases);
    }

    public Table target() {
        return target;
    }

    public String table() {
        return target.name();
    }

    /** The copied columns, in target order; a row's values are in this order. */
    public List<Column> columns() {
        return columns;
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** Position of a column among {@link #columns()}, or -1 when it is not copied. */
    public int indexOf(String column) {
        return indexByName.getOrDefault(column, -1);
    }

    /** The JSON field name each column arrives under, in mapping order. */
    public String fieldName(int index) {
        return fieldNames[index];
    }

    /** The position of the column arriving under a field name (decoded text), or -1 when none does. */
    public int indexOfField(String field) {
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #indexOfField} for a field name as the page's bytes {@code from..to} (no escapes), first trying
     * {@code expected}: PostgREST sends the fields in the order they are selected.
     */
    public int indexOfField(byte[] json, int from, int to, int expected) {
        if (expected < fieldBytes.length && Arrays.equals(fieldBytes[expected], 0, fieldBytes[expected].length, json, from, to)) {
            return expected;
        }
        for (int i = 0; i < fieldBytes.length; i++) {
            if (Arrays.equals(fieldBytes[i], 0, fieldBytes[i].length, json, from, to)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> keyColumns() {
        return target.key();
    }

    public int[] keyIndexes() {
        return keyIndexes;
    }

    /** Position of a column in the key, or -1 when it is not a key column. */
    public int keyPosition(int columnIndex) {
        for (int k = 0; k < keyIndexes.length; k++) {
            if (keyIndexes[k] == columnIndex) {
                return k;
            }
        }
        return -1;
    }

    /** The key's columns, in key order. */
    public List<Column> keyColumnDefinitions() {
        return Arrays.stream(keyIndexes).mapToObj(columns::get).toList();
    }

    /** No key column orders by a collation: key ranges compare alike on every server. */
    public boolean keyOrderIsPortable() {
        return keyColumnDefinitions().stream().noneMatch(Column::collatable);
    }
}
