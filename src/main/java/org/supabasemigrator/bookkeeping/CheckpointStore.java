package org.supabasemigrator.bookkeeping;

import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key ranges of each table and their checkpoints ({@code migrator.slice_checkpoint}). Checkpoints move in
 * the routes, inside the transactions that write the rows (see {@code sql/advance-checkpoint.sql}); this store
 * plans ranges, reads them back for a resume and closes them.
 */
@ApplicationScoped
public class CheckpointStore {

    private final JdbcTemplate jdbc;

    public CheckpointStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public List<SliceRecord> slices(long runId, String table) {
        try {
            return jdbc.query("SELECT * FROM migrator.slice_checkpoint WHERE run_id = ? AND table_name = ? ORDER BY slice_no",
                    (rs, i) -> new SliceRecord(rs.getInt("slice_no"), RunStore.textArray(rs.getArray("lower_key")),
                            RunStore.textArray(rs.getArray("upper_key")), RunStore.textArray(rs.getArray("last_key")),
                            rs.getBoolean("done")),
                    runId, table);
        } catch (DataAccessException e) {
            throw new BookkeepingException("read the checkpoints of " + table, e);
        }
    }

    public void create(long runId, String table, List<SliceRecord> slices) {
        try {
            for (SliceRecord slice : slices) {
                jdbc.update("INSERT INTO migrator.slice_checkpoint (run_id, table_name, slice_no, lower_key, upper_key)"
                        + " VALUES (?, ?, ?, ?, ?)", runId, table, slice.number(), array(slice.lowerKey()),
                        array(slice.upperKey()));
            }
        } catch (DataAccessException e) {
            throw new BookkeepingException("plan the key ranges of " + table, e);
        }
    }

    public void done(long runId, String table, int sliceNo) {
        try {
            jdbc.update("UPDATE migrator.slice_checkpoint SET done = true, updated_at = now()"
                    + " WHERE run_id = ? AND table_name = ? AND slice_no = ?", runId, table, sliceNo);
        } catch (DataAccessException e) {
            throw new BookkeepingException("close a key range of " + table, e);
        }
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }
}
