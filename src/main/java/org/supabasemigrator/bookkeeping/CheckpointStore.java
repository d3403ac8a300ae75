package org.supabasemigrator.bookkeeping;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.sql.SqlConstants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Slice;
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
