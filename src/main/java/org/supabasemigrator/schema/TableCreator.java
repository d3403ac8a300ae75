package org.supabasemigrator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.source.SourceTable;

/**
 * Creates a target table the target lacks from the source's description: its columns, their types, NOT NULL
 * where the source requires a value, and the primary key. Type names from the source are only used after
 * the target resolved them ({@code to_regtype}), never pasted into SQL unchecked.
 */
@ApplicationScoped
public class TableCreator {

    private static final Logger LOG = Logger.getLogger(TableCreator.class);

    private final JdbcTemplate jdbc;

    public TableCreator(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void create(String schema, SourceTable table) {
        if (table.primaryKey().isEmpty()) {
            throw new IllegalStateException("cannot create " + table.name() + ": the source describes no primary key");
        }
        List<String> columns = new ArrayList<>();
        for (Map.Entry<String, String> column : table.columns().entrySet()) {
            String type = jdbc.queryForObject("SELECT format_type(to_regtype(?), NULL)", String.class, column.getValue());
            if (type == null) {
                throw new IllegalStateException("cannot create " + table.name() + ": the target has no type '"
                        + column.getValue() + "' for column " + column.getKey());
            }
            columns.add(Identifiers.quote(column.getKey()) + " " + type
                    + (table.required().contains(column.getKey()) ? " NOT NULL" : ""));
        }
        columns.add("PRIMARY KEY (" + String.join(", ", table.primaryKey().stream().map(Identifiers::quote).toList()) + ")");
        String ddl = "CREATE TABLE IF NOT EXISTS " + Identifiers.quote(schema) + "." + Identifiers.quote(table.name())
                + " (" + String.join(", ", columns) + ")";
        jdbc.execute(ddl);
        LOG.infof("Created target table %s.%s from the source's description (%d columns)", schema, table.name(),
                table.columns().size());
    }
}
