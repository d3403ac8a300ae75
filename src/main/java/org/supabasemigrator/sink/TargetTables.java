package org.supabasemigrator.sink;

import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.catalog.TargetTable;

/** Whole-table statements on the target: row counts, and sequences moved past the copied ids. */
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
                String max = "(SELECT max(" + org.supabasemigrator.catalog.Identifiers.quote(column.name()) + ") FROM "
                        + table.qualifiedName() + ")";
                jdbc.queryForObject("SELECT setval(?, coalesce(" + max + ", 1), " + max + " IS NOT NULL)", Long.class,
                        sequence);
            }
        }
    }
}
