package org.supabasemigrator.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.targetdb.SqlFailures;
import org.supabasemigrator.targetdb.SchemaChange;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Foreign keys taken off the target's tables for a load, where the role may not switch their checks off per
 * session but owns the tables: each is noted with its definition in {@code migrator.lifted_foreign_key} and
 * dropped in one transaction, so no key is ever lost; once the tables are in and their references checked it is
 * added again as it was, validated. A run that ends before that (stopped, failed, or a crash found at the next
 * start) adds its keys back {@code NOT VALID}: they check every new row at once, and the next run that completes
 * validates them.
 */
@ApplicationScoped
public class ForeignKeyLift {

    private static final Logger LOG = Logger.getLogger(ForeignKeyLift.class);

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public ForeignKeyLift(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    /** Drops these foreign keys of tables in {@code schema}, noting each so it comes back. */
    public void lift(long runId, String schema, List<ForeignKey> keys) {
        for (ForeignKey key : keys) {
            outage.run("lift foreign key " + key.name() + " of " + key.table(), () -> SchemaChange.commit(jdbc, (connection, statement) -> {
                try (PreparedStatement note = connection.prepareStatement("INSERT INTO migrator.lifted_foreign_key"
                        + " (run_id, table_schema, table_name, constraint_name, definition) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    note.setLong(1, runId);
                    note.setString(2, schema);
                    note.setString(3, key.table());
                    note.setString(4, key.name());
                    note.setString(5, key.definition());
                    note.executeUpdate();
                }
                statement.execute("ALTER TABLE " + qualified(schema, key.table()) + " DROP CONSTRAINT IF EXISTS "
                        + Identifiers.quote(key.name()));
                return null;
            }));
        }
        if (!keys.isEmpty()) {
            LOG.infof("%d foreign key(s) lifted for the load, added again once the tables are in: %s", keys.size(),
                    keys.stream().map(k -> k.table() + "." + k.name()).toList());
        }
    }

    /**
     * Adds back every foreign key a run (null: any run) lifted: validated when asked (a key some row breaks is
     * added NOT VALID then, and named in the result), else NOT VALID. Returns what could not be validated.
     */
    public List<String> restore(Long runId, boolean validate) {
        List<String[]> lifted = outage.call("read the lifted foreign keys", () -> jdbc.query(
                "SELECT table_schema, table_name, constraint_name, definition FROM migrator.lifted_foreign_key"
                        + " WHERE CAST(? AS bigint) IS NULL OR run_id = ? ORDER BY table_name, constraint_name",
                (rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) },
                runId, runId));
        List<String> unvalidated = new ArrayList<>();
        for (String[] key : lifted) {
            String name = key[1] + "." + key[2];
            outage.run("add foreign key " + name + " again", () -> {
                if (validate) {
                    try {
                        add(key, false);
                        return;
                    } catch (RuntimeException broken) {
                        if (SqlFailures.targetUnavailable(broken)) {
                            throw broken;
                        }
                        unvalidated.add("foreign key " + name + " is added NOT VALID: " + SqlFailures.message(broken));
                    }
                }
                add(key, true);
            });
        }
        if (!lifted.isEmpty()) {
            LOG.infof("%d foreign key(s) added again%s", lifted.size(), validate && unvalidated.isEmpty() ? ", validated"
                    : validate ? "; " + String.join("; ", unvalidated) : " NOT VALID (new rows are checked; the next"
                            + " completed run validates them)");
        }
        return unvalidated;
    }

    private void add(String[] key, boolean notValid) {
        SchemaChange.commit(jdbc, (connection, statement) -> {
            statement.execute("SAVEPOINT add_key");
            try {
                statement.execute("ALTER TABLE " + qualified(key[0], key[1]) + " ADD CONSTRAINT "
                        + Identifiers.quote(key[2]) + " " + key[3] + (notValid ? " NOT VALID" : ""));
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // 42710: added meanwhile by someone else
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT add_key");
            }
            try (PreparedStatement done = connection.prepareStatement("DELETE FROM migrator.lifted_foreign_key"
                    + " WHERE table_schema = ? AND table_name = ? AND constraint_name = ?")) {
                for (int i = 0; i < 3; i++) {
                    done.setString(i + 1, key[i]);
                }
                done.executeUpdate();
            }
            return null;
        });
    }

    private static String qualified(String schema, String table) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }
}
