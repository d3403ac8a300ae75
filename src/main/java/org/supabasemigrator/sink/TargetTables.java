package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.targetdb.TargetOutage;

/** Table-level statements on the target: row counts, keys held in a range, sequences moved past the copied ids. */
@ApplicationScoped
public class TargetTables {

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public TargetTables(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    public long count(Table table) {
        Long count = outage.call("count the rows of " + table.name(),
                () -> jdbc.queryForObject("SELECT count(*) FROM " + table.qualifiedName(), Long.class));
        return count == null ? 0 : count;
    }

    /**
     * Does the target hold any row whose key lies in a key range (the bulk-load probe)?
     *
     * @param after exclusive lower bound (the key values, in key order), null = from the first key
     * @param upTo  inclusive upper bound, null = to the last key
     */
    public boolean holdsKeysIn(TableMapping mapping, List<String> after, List<String> upTo) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (after != null) {
            conditions.add(row(mapping) + " > " + typedRow(mapping));
            values.addAll(after);
        }
        if (upTo != null) {
            conditions.add(row(mapping) + " <= " + typedRow(mapping));
            values.addAll(upTo);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return outage.call("probe " + mapping.table() + " for rows of a key range", () -> Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + mapping.target().qualifiedName() + where + ")",
                        Boolean.class, values.toArray())));
    }

    private static String row(TableMapping mapping) {
        return mapping.keyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String typedRow(TableMapping mapping) {
        return mapping.keyColumnDefinitions().stream().map(c -> "CAST(? AS " + c.sqlType() + ")")
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Serial and identity sequences continue after the highest copied value, so the application's next insert
     * into the target does not collide with a migrated row.
     */
    public void syncSequences(Table table, List<Column> copied) {
        for (Column column : copied) {
            if (!column.hasDefault()) {
                continue;
            }
            outage.run("move the sequence of " + table.name() + "." + column.name(), () -> {
                String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence(?, ?)", String.class,
                        table.qualifiedName(), column.name());
                if (sequence != null) {
                    String max = "(SELECT max(" + Identifiers.quote(column.name()) + ") FROM " + table.qualifiedName() + ")";
                    jdbc.queryForObject("SELECT setval(?, coalesce(" + max + ", 1), " + max + " IS NOT NULL)", Long.class,
                            sequence);
                }
            });
        }
    }
}
