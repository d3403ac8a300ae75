package org.supabasemigrator.bookkeeping;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.targetdb.SqlFailures;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Runs and their tables' progress in {@code migrator.migration_run} and {@code migrator.table_progress}. Every
 * statement waits out a target outage ({@link TargetOutage}); a run's and a table's outcome are committed with
 * the server's own {@code synchronous_commit}, which flushes every batch committed before them.
 */
@ApplicationScoped
public class RunStore {

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public RunStore(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    /** Records a new run of the tables asked for (empty: every table the source exposes, found by the preflight). */
    public long create(RunOptions options, List<String> tables) {
        return call("record a new run", () -> {
            Long id = jdbc.queryForObject("INSERT INTO migrator.migration_run (mode, create_missing_tables, delete_missing,"
                    + " allow_triggers, state, tables) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", Long.class, options.mode().json(),
                    options.createMissingTables(), options.deleteMissing(), options.allowTriggers(), RunState.PENDING.name(),
                    tables.toArray(String[]::new));
            recordTables(id, tables);
            return id;
        });
    }

    /** The run's tables, in the order the preflight planned them; tables recorded before keep their place. */
    public void recordTables(long runId, List<String> tables) {
        update("record the tables of run " + runId, "INSERT INTO migrator.table_progress (run_id, table_name, position, state)"
                + " SELECT ?, t.name, t.position - 1 + coalesce((SELECT max(position) + 1 FROM migrator.table_progress"
                + " WHERE run_id = ?), 0), 'PENDING' FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t (name, position)"
                + " ON CONFLICT DO NOTHING", runId, runId, tables.toArray(String[]::new));
    }

    /** A run handed to the runner (new or resumed) is PENDING until the runner picks it up. */
    public void runQueued(long id) {
        update("queue run " + id, "UPDATE migrator.migration_run SET state = 'PENDING', error = NULL, stop_requested = false,"
                + " stop_reason = NULL, finished_at = NULL WHERE id = ?", id);
    }

    public void runStarted(long id) {
        update("record the start of run " + id,
                "UPDATE migrator.migration_run SET state = ?, started_at = coalesce(started_at, now()), error = NULL,"
                        + " stop_requested = false, stop_reason = NULL, finished_at = NULL WHERE id = ?",
                RunState.RUNNING.name(), id);
    }

    public void runNotes(long id, List<String> notes) {
        update("record the preflight of run " + id, "UPDATE migrator.migration_run SET notes = ? WHERE id = ?",
                notes.toArray(String[]::new), id);
    }

    public void runEnded(long id, RunState state, String error, String stopReason) {
        update("record the end of run " + id,
                "UPDATE migrator.migration_run SET state = ?, error = ?, stop_reason = ?, finished_at = now() WHERE id = ?",
                state.name(), error, stopReason, id);
    }

    /** A later replay or verify run settled what a finished run left open. */
    public void runSettled(long id, RunState state, String error) {
        update("record the outcome of run " + id, "UPDATE migrator.migration_run SET state = ?, error = ? WHERE id = ?",
                state.name(), error, id);
    }

    /** Asks whichever replica runs the run to stop; false when the run is not running. */
    public boolean requestStop(long id) {
        return update("request the stop of run " + id, "UPDATE migrator.migration_run SET stop_requested = true"
                + " WHERE id = ? AND state IN ('PENDING', 'RUNNING')", id) > 0;
    }

    public boolean isStopRequested(long id) {
        return Boolean.TRUE.equals(call("read the stop request of run " + id, () -> jdbc.queryForObject(
                "SELECT stop_requested FROM migrator.migration_run WHERE id = ?", Boolean.class, id)));
    }

    /**
     * Runs recorded as active while no process holds the run lock were interrupted (kill -9, OOM, node loss, a
     * target that went away as their end was written): they become STOPPED, ready to be resumed.
     */
    public int markInterrupted() {
        update("close interrupted tables", "UPDATE migrator.table_progress SET state = 'STOPPED'"
                + " WHERE state = 'RUNNING' AND run_id IN (SELECT id FROM migrator.migration_run WHERE state IN ('PENDING', 'RUNNING'))");
        return update("close interrupted runs", "UPDATE migrator.migration_run SET state = 'STOPPED', stop_reason = 'interrupted',"
                + " error = 'the service stopped while the run was active; resume it', finished_at = now()"
                + " WHERE state IN ('PENDING', 'RUNNING')");
    }

    /** The newest run that stopped without an operator asking: what a restarted pod resumes. */
    public Optional<RunRecord> lastInterrupted() {
        return query("find an interrupted run", "SELECT * FROM migrator.migration_run WHERE state = 'STOPPED'"
                + " AND stop_reason IN ('shutdown', 'interrupted') ORDER BY id DESC LIMIT 1").stream().findFirst();
    }

    /** The run recorded as running, by this or another replica. */
    public Optional<RunRecord> running() {
        return query("find the running run", "SELECT * FROM migrator.migration_run WHERE state IN ('PENDING', 'RUNNING')"
                + " ORDER BY id DESC LIMIT 1").stream().findFirst();
    }

    /**
     * Records the start (or restart) of a table. The watermark and the changed-since bound are kept from the
     * first start, so a resumed table copies exactly the rows its first start chose.
     */
    public void tableStarted(long runId, String table, Long sourceRows, String watermark, String changedSince, int wave) {
        update("record the start of " + table,
                "UPDATE migrator.table_progress SET state = ?, source_rows = coalesce(?, source_rows), error = NULL,"
                        + " watermark = coalesce(watermark, ?), changed_since = coalesce(changed_since, ?), load_wave = ?,"
                        + " started_at = coalesce(started_at, now()), finished_at = NULL WHERE run_id = ? AND table_name = ?",
                RunState.RUNNING.name(), sourceRows, watermark, changedSince, wave, runId, table);
    }

    /** The watermark of the table's last successful copy (full or incremental), if it had one. */
    public Optional<String> lastWatermark(String table) {
        return call("read the last watermark of " + table, () -> jdbc.query("""
                SELECT p.watermark FROM migrator.table_progress p JOIN migrator.migration_run r ON r.id = p.run_id
                 WHERE p.table_name = ? AND p.state IN ('SUCCEEDED', 'INCOMPLETE') AND r.mode IN ('full', 'incremental')
                   AND p.watermark IS NOT NULL
                 ORDER BY p.finished_at DESC LIMIT 1
                """, (rs, i) -> rs.getString(1), table).stream().findFirst());
    }

    public void tableVerified(long runId, String table, Boolean verified, String report) {
        update("record the verification of " + table, "UPDATE migrator.table_progress SET verified = ?,"
                + " verification = CAST(? AS jsonb) WHERE run_id = ? AND table_name = ?", verified, report, runId, table);
    }

    public void tableMissingInSource(long runId, String table, long missing, long deleted) {
        update("record the rows gone from the source of " + table, "UPDATE migrator.table_progress"
                + " SET rows_missing_in_source = ?, rows_deleted = ? WHERE run_id = ? AND table_name = ?",
                missing, deleted, runId, table);
    }

    public void tableEnded(long runId, String table, RunState state, Long sourceRows, Long targetRows, String error) {
        update("record the end of " + table,
                "UPDATE migrator.table_progress SET state = ?, source_rows = coalesce(?, source_rows), target_rows = ?,"
                        + " error = ?, finished_at = now() WHERE run_id = ? AND table_name = ?",
                state.name(), sourceRows, targetRows, error, runId, table);
    }

    /** A table's outcome settled later (a replay took its dead letters). */
    public void tableSettled(long runId, String table, RunState state, String error) {
        update("record the outcome of " + table, "UPDATE migrator.table_progress SET state = ?, error = ?"
                + " WHERE run_id = ? AND table_name = ?", state.name(), error, runId, table);
    }

    /** The tables a failure interrupted are FAILED with its reason. */
    public void failRunningTables(long runId, String error) {
        update("record the failure of run " + runId, "UPDATE migrator.table_progress SET state = 'FAILED', error = ?,"
                + " finished_at = now() WHERE run_id = ? AND state = 'RUNNING'", error, runId);
    }

    /** Whether the target answers now: one try, no waiting out an outage. */
    public boolean reachable() {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }

    public Optional<RunRecord> find(long id) {
        return query("read run " + id, "SELECT * FROM migrator.migration_run WHERE id = ?", id).stream().findFirst();
    }

    public List<RunRecord> list(int limit, int offset) {
        return query("list runs", "SELECT * FROM migrator.migration_run ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
    }

    public long count() {
        Long count = call("count runs", () -> jdbc.queryForObject("SELECT count(*) FROM migrator.migration_run", Long.class));
        return count == null ? 0 : count;
    }

    /** Runs that finished INCOMPLETE, newest first: what a replay or a verify run may settle. */
    public List<RunRecord> incomplete() {
        return query("find incomplete runs", "SELECT * FROM migrator.migration_run WHERE state = 'INCOMPLETE' ORDER BY id DESC");
    }

    public List<TableRecord> tables(long runId) {
        return call("read the tables of run " + runId, () -> jdbc.query(TABLES.formatted("", "", ""),
                RunStore::tableRecord, runId, runId, runId));
    }

    /** One table of a run: read alone, so a table's start and end cost the same with 6 tables or 600. */
    public Optional<TableRecord> table(long runId, String table) {
        return call("read table " + table + " of run " + runId, () -> jdbc.query(
                TABLES.formatted(" AND table_name = ?", " AND table_name = ?", " AND p.table_name = ?"),
                RunStore::tableRecord, runId, table, runId, table, runId, table)).stream().findFirst();
    }

    /** A run's tables with their slices' and dead letters' counts; each %s narrows a part to one table, or not. */
    private static final String TABLES = """
            SELECT p.*, coalesce(s.written, 0) AS written, coalesce(s.inserted, 0) AS inserted,
                   coalesce(s.updated, 0) AS updated, coalesce(s.dead, 0) AS dead, coalesce(s.compared, 0) AS compared,
                   coalesce(d.letters, 0) AS letters
              FROM migrator.table_progress p
              LEFT JOIN (SELECT table_name, sum(rows_written) AS written, sum(rows_inserted) AS inserted,
                                sum(rows_updated) AS updated, sum(rows_dead_lettered) AS dead,
                                sum(rows_equal + rows_missing + rows_different) AS compared
                           FROM migrator.slice_checkpoint WHERE run_id = ?%s GROUP BY table_name) s
                     ON s.table_name = p.table_name
              LEFT JOIN (SELECT table_name, count(*) AS letters FROM migrator.dead_letter WHERE run_id = ?%s
                          GROUP BY table_name) d ON d.table_name = p.table_name
             WHERE p.run_id = ?%s
             ORDER BY p.position
            """;

    private static TableRecord tableRecord(ResultSet rs, int row) throws SQLException {
        return new TableRecord(rs.getString("table_name"), RunState.valueOf(rs.getString("state")),
                nullableLong(rs, "source_rows"), nullableLong(rs, "target_rows"), nullableBoolean(rs, "verified"),
                rs.getString("verification"), rs.getString("watermark"), rs.getString("changed_since"),
                nullableLong(rs, "rows_missing_in_source"), nullableLong(rs, "rows_deleted"), rs.getString("error"),
                rs.getLong("written"), rs.getLong("inserted"), rs.getLong("updated"), rs.getLong("dead"),
                rs.getLong("letters"), rs.getLong("compared"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private List<RunRecord> query(String what, String sql, Object... args) {
        return call(what, () -> jdbc.query(sql, (rs, i) -> new RunRecord(rs.getLong("id"), Mode.parse(rs.getString("mode")),
                rs.getBoolean("create_missing_tables"), rs.getBoolean("delete_missing"), rs.getBoolean("allow_triggers"),
                RunState.valueOf(rs.getString("state")), textArray(rs.getArray("tables")), rs.getString("error"),
                rs.getString("stop_reason"), textArray(rs.getArray("notes")), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at")), args));
    }

    private int update(String what, String sql, Object... args) {
        return call(what, () -> jdbc.update(sql, args));
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return outage.call(what, call);
        } catch (DataAccessException e) {
            if (SqlFailures.targetUnavailable(e)) {
                throw e;
            }
            throw new BookkeepingException(what, e);
        }
    }

    static List<String> textArray(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
