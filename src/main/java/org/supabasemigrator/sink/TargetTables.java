package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.catalog.TargetTable;
import org.supabasemigrator.transform.TableMapping;

/** Table-level statements on the target: row counts, keys held in a range, sequences moved past the copied ids. */
@ApplicationScoped
public class TargetTables {

    private final JdbcTemplate jdbc;

    public TargetTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public long count(TargetTable table) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + table.qualifiedName(), Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Does the target hold any row whose key lies in a slice's range?
     *
     * @param after exclusive lower bound (the key values, in key order), null = from the first key
     * @param upTo  inclusive upper bound of the first key column, null = to the last key
     */
    public boolean holdsKeysIn(TableMapping mapping, List<String> after, List<String> upTo) {
        List<String> key = mapping.keyColumns();
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (after != null) {
            conditions.add(key.stream().map(Identifiers::quote).collect(Collectors.joining(", ", "(", ")")) + " > "
                    + key.stream().map(k -> typed(mapping, k)).collect(Collectors.joining(", ", "(", ")")));
            values.addAll(after);
        }
        if (upTo != null) {
            conditions.add(Identifiers.quote(key.get(0)) + " <= " + typed(mapping, key.get(0)));
            values.add(upTo.get(0));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM "
                + mapping.target().qualifiedName() + where + ")", Boolean.class, values.toArray()));
    }

    private static String typed(TableMapping mapping, String column) {
        return "CAST(? AS " + mapping.columns().get(mapping.indexOf(column)).sqlType() + ")";
    }

    /**
     * Serial and identity sequences continue after the highest copied value, so the application's next
     * insert into the target does not collide with a migrated row.
     */
    public void syncSequences(TargetTable table, List<TargetColumn> copied) {
        for (TargetColumn column : copied) {
            if (!column.hasDefault()) {
                continue;
            }
            String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence(?, ?)", String.class,
                    table.qualifiedName(), column.name());
            if (sequence != null) {
                String max = "(SELECT max(" + Identifiers.quote(column.name()) + ") FROM "
                        + table.qualifiedName() + ")";
                jdbc.queryForObject("SELECT setval(?, coalesce(" + max + ", 1), " + max + " IS NOT NULL)", Long.class,
                        sequence);
            }
        }
    }
}
