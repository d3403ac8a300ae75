package org.supabasemigrator.verify;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.LoadMode;
import org.supabasemigrator.model.LoadPlan;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * The target's foreign keys, checked once the tables are in, where they were loaded with constraint checks off
 * (replica sessions, or keys lifted for the load): a row whose parent neither the source nor the target has (an orphan the source
 * itself holds) is moved out of the target into the dead-letter store with the constraint's name and its key,
 * so the target never holds rows its own constraints forbid. Moving a row out may orphan rows that referenced
 * it, so the check repeats until no key is broken.
 */
@ApplicationScoped
@Named("referenceCheck")
public class ReferenceCheck {

    private static final Logger LOG = Logger.getLogger(ReferenceCheck.class);
    private static final int BATCH = 1000;
    private static final int ROUNDS = 20;

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public ReferenceCheck(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    /**
     * Checks the foreign keys whose checks were off for the run's load (every key of its tables in
     * {@link LoadMode#REPLICA}, the keys lifted for it in {@link LoadMode#ORDERED}); returns the rows moved out per
     * table.
     */
    public Map<String, Long> check(@ExchangeProperty("run") MigrationRun run) {
        LoadPlan plan = run.getPlan();
        if (plan == null || !run.getOptions().writes()
                || plan.mode() == LoadMode.ORDERED && plan.lifted().isEmpty()) {
            return new LinkedHashMap<>();
        }
        List<TableMapping> tables = run.getTables().stream().map(TableRun::getMapping).filter(m -> m != null).toList();
        return plan.mode() == LoadMode.REPLICA ? check(run.getId(), tables, null, true)
                : check(run.getId(), tables, plan.lifted(), false);
    }

    /** Checks every foreign key of these tables in replica sessions; rows moved out are dead letters of the run given. */
    public Map<String, Long> check(long runId, List<TableMapping> tables) {
        return check(runId, tables, null, true);
    }

    /**
     * @param only           the keys to check, null for all
     * @param replicaSession move orphans out with no cascade and no trigger ({@code session_replication_role});
     *                       without it, the keys pointing at the table are lifted and its triggers off
     */
    private Map<String, Long> check(long runId, List<TableMapping> tables, List<ForeignKey> only, boolean replicaSession) {
        Map<String, Long> moved = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            long found = 0;
            for (TableMapping table : tables) {
                for (ForeignKey key : table.target().foreignKeys()) {
                    if (only != null && !only.contains(key)) {
                        continue;
                    }
                    long rows;
                    do {
                        rows = moveOrphans(runId, table, key, replicaSession);
                        found += rows;
                        if (rows > 0) {
                            moved.merge(table.table(), rows, Long::sum);
                        }
                    } while (rows == BATCH);
                }
            }
            if (found == 0) {
                break;
            }
        }
        moved.forEach((table, rows) -> LOG.warnf("Table %s: %d row(s) broke a foreign key once the tables were in"
                + " (their parent is in neither source nor target): moved to the dead letters", table, rows));
        return moved;
    }

    /** Moves up to {@value #BATCH} rows breaking one foreign key into the dead letters, in one transaction. */
    private long moveOrphans(long runId, TableMapping mapping, ForeignKey key, boolean replicaSession) {
        String sql = moveSql(mapping, key);
        return outage.call("check foreign key " + key.name() + " of " + mapping.table(),
                () -> jdbc.execute((ConnectionCallback<Long>) connection -> {
                    boolean autoCommit = connection.getAutoCommit();
                    connection.setAutoCommit(false);
                    try (Statement statement = connection.createStatement()) {
                        if (replicaSession) {
                            // no cascade, no trigger: only the orphan itself leaves the target
                            statement.execute("SELECT set_config('session_replication_role', 'replica', true)");
                        }
                        try (var insert = connection.prepareStatement(sql)) {
                            insert.setLong(1, runId);
                            long rows = insert.executeUpdate();
                            connection.commit();
                            return rows;
                        }
                    } catch (java.sql.SQLException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(autoCommit);
                    }
                }));
    }

    static String moveSql(TableMapping mapping, ForeignKey key) {
        String child = mapping.target().qualifiedName();
        String parent = Identifiers.quote(key.parentSchema()) + "." + Identifiers.quote(key.parent());
        List<String> present = key.columns().stream().map(c -> "c." + Identifiers.quote(c) + " IS NOT NULL").toList();
        String matched = key.matchFull() ? "(" + String.join(" OR ", present) + ")" : String.join(" AND ", present);
        List<String> join = new ArrayList<>();
        for (int i = 0; i < key.columns().size(); i++) {
            join.add("p." + Identifiers.quote(key.parentColumns().get(i)) + " = c." + Identifiers.quote(key.columns().get(i)));
        }
        String keyJson = "jsonb_build_object(" + mapping.keyColumns().stream()
                .map(k -> literal(k) + ", g." + Identifiers.quote(k) + "::text").collect(Collectors.joining(", ")) + ")";
        String record = "json_object(ARRAY[" + mapping.columns().stream().map(c -> literal(c.name()))
                .collect(Collectors.joining(", ")) + "]::text[], ARRAY[" + mapping.columns().stream()
                .map(ReferenceCheck::asText).collect(Collectors.joining(", ")) + "]::text[])::text";
        String values = "'(' || concat_ws(', ', " + key.columns().stream().map(c -> "g." + Identifiers.quote(c) + "::text")
                .collect(Collectors.joining(", ")) + ") || ')'";
        String message = literal("row breaks foreign key constraint \"" + key.name() + "\" once the tables are in: key ("
                + String.join(", ", key.columns()) + ")=") + " || " + values + " || "
                + literal(" is not present in table \"" + key.parent() + "\" (the source holds it without its parent)");
        return "WITH orphan AS (SELECT c.ctid AS row_id FROM " + child + " c WHERE " + matched
                + " AND NOT EXISTS (SELECT 1 FROM " + parent + " p WHERE " + String.join(" AND ", join) + ") LIMIT " + BATCH + "),"
                + " gone AS (DELETE FROM " + child + " c USING orphan o WHERE c.ctid = o.row_id RETURNING c.*)"
                + " INSERT INTO migrator.dead_letter (run_id, table_name, primary_key, record, sql_state, error_message)"
                + " SELECT ?, " + literal(mapping.table()) + ", " + keyJson + ", " + record + ", '23503', " + message
                + " FROM gone g ON CONFLICT (run_id, table_name, primary_key) DO UPDATE SET record = EXCLUDED.record,"
                + " sql_state = EXCLUDED.sql_state, error_message = EXCLUDED.error_message, failed_at = now()";
    }

    /** A column's value as the text a dead letter's record holds it in (what the transform reads back). */
    private static String asText(Column column) {
        return "g." + Identifiers.quote(column.name()) + (column.form() == SourceForm.NUMERIC ? "::numeric::text" : "::text");
    }

    private static String literal(String text) {
        return Identifiers.literal(text);
    }
}
