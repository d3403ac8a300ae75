package org.supabasemigrator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Creates a target table the target lacks from the source's description: its columns, their types as
 * PostgREST names them ({@code text}, {@code integer[]}, {@code public.user_status}, {@code extensions.vector(3)}),
 * NOT NULL where the source requires a value, and the primary key. A type name is used only in the plain form
 * type names have, and only once the target resolved it ({@code to_regtype}), never pasted into SQL unchecked.
 */
@ApplicationScoped
public class TableCreator {

    private static final Logger LOG = Logger.getLogger(TableCreator.class);
    private static final String NAME = "(?:[a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern TYPE = Pattern.compile("(?:" + NAME + "\\.)?" + NAME + "(?: " + "[a-z]+)*"
            + "(?:\\(\\d+(?:, ?\\d+)?\\))?(?: with(?:out)? time zone)?(?:\\[\\])*");

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public TableCreator(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    public void create(String schema, SourceTable table) {
        if (table.primaryKey().isEmpty()) {
            throw new IllegalStateException("cannot create " + table.name() + ": the source describes no primary key");
        }
        List<String> columns = new ArrayList<>();
        for (Map.Entry<String, String> column : table.columns().entrySet()) {
            // PostgREST 16 names integers by their size
            String type = switch (column.getValue()) {
                case "int32" -> "integer";
                case "int64" -> "bigint";
                default -> column.getValue();
            };
            if (!TYPE.matcher(type).matches() || outage.call("resolve type " + type,
                    () -> jdbc.queryForObject("SELECT to_regtype(?) IS NULL", Boolean.class, type))) {
                throw new IllegalStateException("cannot create " + table.name() + ": the target has no type '"
                        + type + "' for column " + column.getKey());
            }
            columns.add(Identifiers.quote(column.getKey()) + " " + type
                    + (table.required().contains(column.getKey()) ? " NOT NULL" : ""));
        }
        columns.add("PRIMARY KEY (" + String.join(", ", table.primaryKey().stream().map(Identifiers::quote).toList()) + ")");
        String ddl = "CREATE TABLE IF NOT EXISTS " + Identifiers.quote(schema) + "." + Identifiers.quote(table.name())
                + " (" + String.join(", ", columns) + ")";
        outage.run("create table " + table.name(), () -> jdbc.execute(ddl));
        LOG.infof("Created target table %s.%s from the source's description (%d columns)", schema, table.name(),
                table.columns().size());
    }
}
