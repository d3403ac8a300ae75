package org.supabasemigrator.bookkeeping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.sql.SqlConstants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Comparison;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.WriteOutcome;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * The key ranges of each table and their checkpoints ({@code migrator.slice_checkpoint}). Checkpoints move in
 * the routes, inside the transactions that write (or compare) the rows (see {@code sql/advance-*.sql}); this
 * store plans ranges, reads them back for a resume or a rewind, confirms each move and closes ranges.
 */
@ApplicationScoped
@Named("checkpointStore")
public class CheckpointStore {

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public CheckpointStore(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    public List<SliceRecord> slices(long runId, String table) {
        return outage.call("read the checkpoints of " + table, () -> jdbc.query(
                "SELECT * FROM migrator.slice_checkpoint WHERE run_id = ? AND table_name = ? ORDER BY slice_no",
                (rs, i) -> new SliceRecord(rs.getInt("slice_no"), Slice.Purpose.valueOf(rs.getString("purpose")),
                        RunStore.textArray(rs.getArray("lower_key")), RunStore.textArray(rs.getArray("upper_key")),
                        RunStore.textArray(rs.getArray("last_key")), RunStore.textArray(rs.getArray("verified_key")),
                        rs.getBoolean("done")),
                runId, table));
    }

    /** Plans a table's key ranges (all in one statement each, repeated safely after an outage). */
    public void create(long runId, String table, List<SliceRecord> slices) {
        outage.run("plan the key ranges of " + table, () -> {
            for (SliceRecord slice : slices) {
                jdbc.update("INSERT INTO migrator.slice_checkpoint (run_id, table_name, slice_no, purpose, lower_key, upper_key)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", runId, table, slice.number(),
                        slice.purpose().name(), array(slice.lowerKey()), array(slice.upperKey()));
            }
        });
    }

    /** Forgets a table's key ranges (a verify run that starts its table again compares it whole). */
    public void clear(long runId, String table) {
        outage.run("clear the key ranges of " + table, () -> jdbc.update(
                "DELETE FROM migrator.slice_checkpoint WHERE run_id = ? AND table_name = ?", runId, table));
    }

    /**
     * Closes a range read to its end, only where the target still holds its last commits as this process left
     * them: a crash of the target after the range's last batch (committed without waiting for the disk) may have
     * lost it, and the range must be read again from what survived instead of being closed short. This statement
     * commits with the server's own setting, so once it is in, every earlier commit of the range is too.
     */
    public void done(@ExchangeProperty("slice") Slice slice) {
        int closed = outage.call("close a key range of " + slice.getTable(), () -> jdbc.update(
                "UPDATE migrator.slice_checkpoint SET done = true, updated_at = now()"
                        + " WHERE run_id = ? AND table_name = ? AND slice_no = ?"
                        + " AND last_key IS NOT DISTINCT FROM CAST(? AS text[])"
                        + " AND verified_key IS NOT DISTINCT FROM CAST(? AS text[])",
                slice.getRunId(), slice.getTable(), slice.getNumber(), slice.getCommittedKeyArray(),
                slice.getVerifiedKeyArray()));
        if (closed != 1) {
            throw new CheckpointMovedException("the checkpoint of " + slice + " is not where this process left it when"
                    + " the range was read to its end (the target lost its last commits, or another process moved it)");
        }
    }

    /** The slice's positions as the target holds them now. */
    public SliceRecord position(Slice slice) {
        return slices(slice.getRunId(), slice.getTable()).stream().filter(s -> s.number() == slice.getNumber())
                .findFirst().orElseThrow(() -> new IllegalStateException("no checkpoint for " + slice));
    }

    /**
     * The named parameters of {@code sql/advance-checkpoint.sql}, past rows just written or dead-lettered. A map,
     * which the SQL component reads as it is: an expression per parameter ({@code :#${body.written}}) was
     * evaluated for every batch, through the type converter's search for a way to make a map of the body, and
     * cost the service a seventh of its CPU.
     */
    public Map<String, Object> pastWritten(@ExchangeProperty("slice") Slice slice, WriteOutcome outcome) {
        Map<String, Object> parameters = row(slice);
        parameters.put("lastKey", outcome.getLastKeyArray());
        parameters.put("written", outcome.written());
        parameters.put("deadLettered", outcome.deadLettered());
        parameters.put("inserted", outcome.inserted());
        parameters.put("updated", outcome.updated());
        return parameters;
    }

    /** The named parameters of {@code sql/advance-verification.sql}, past rows just compared. */
    public Map<String, Object> pastCompared(@ExchangeProperty("slice") Slice slice, Comparison comparison) {
        Map<String, Object> parameters = row(slice);
        parameters.put("verifiedKey", slice.getVerifiedKeyArray());
        parameters.put("upTo", comparison.getUpToArray());
        parameters.put("equal", comparison.equal());
        parameters.put("missing", comparison.getMissingCount());
        parameters.put("different", comparison.getDifferentCount());
        parameters.put("extra", comparison.getExtraCount());
        return parameters;
    }

    /** The slice's row, and where this process believes its checkpoint stands (null: nothing committed yet). */
    private static Map<String, Object> row(Slice slice) {
        Map<String, Object> parameters = new HashMap<>(); // not Map.of: a key may be null
        parameters.put("runId", slice.getRunId());
        parameters.put("table", slice.getTable());
        parameters.put("sliceNo", slice.getNumber());
        parameters.put("committedKey", slice.getCommittedKeyArray());
        return parameters;
    }

    /**
     * After a checkpoint statement: it moved exactly the slice's row, else the checkpoint was not where this
     * process left it and the transaction must not commit.
     */
    public void confirmMoved(Exchange exchange, @ExchangeProperty("slice") Slice slice) {
        Integer updated = exchange.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        if (updated == null || updated != 1) {
            throw new CheckpointMovedException("the checkpoint of " + slice + " is not where this process left it"
                    + " (the target lost its last commits, or another process moved it)");
        }
    }

    static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }
}
