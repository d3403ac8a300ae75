package org.supabasemigrator.verify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import java.util.List;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;

/**
 * Rows the target has and the source no longer has, called by the {@code find-deleted-rows} route: a pass over
 * the source's keys (keys only, keyset-paged) is staged in the target, then the target's rows with other keys
 * are counted, and deleted when the run asked for it ({@code deleteMissing}).
 */
@ApplicationScoped
@Named("deletedRows")
public class DeletedRows {

    private static final Logger LOG = Logger.getLogger(DeletedRows.class);

    /** What a keys pass found. */
    public record Found(long missingInSource, long deleted) {
    }

    private final SourceKeys keys;
    private final RunStore runs;

    public DeletedRows(SourceKeys keys, RunStore runs) {
        this.keys = keys;
        this.runs = runs;
    }

    public void start(@ExchangeProperty("tableRun") TableRun table) {
        keys.clear(table.getRunId(), table.getTable());
    }

    public void stagePage(@ExchangeProperty("slice") Slice slice, RowBatch page) {
        keys.stage(slice.getRunId(), slice.getTableRun().getMapping(), page);
    }

    /** Counts (and when asked deletes) the target's rows the pass did not see; only after a complete pass. */
    public Found finish(@ExchangeProperty("tableRun") TableRun table, List<Slice> pass) {
        try {
            if (!pass.stream().allMatch(Slice::isEndReached)) {
                return null; // a partial key set would make every unseen row look deleted
            }
            TableMapping mapping = table.getMapping();
            long missing = keys.countExtra(table.getRunId(), mapping);
            long deleted = missing > 0 && table.getRun().getOptions().deleteMissing()
                    ? keys.deleteExtra(table.getRunId(), mapping) : 0;
            if (missing > 0) {
                LOG.infof("Table %s: %d target rows are gone from the source%s", table.getTable(), missing,
                        deleted > 0 ? ", deleted" : " (kept; ask for deleteMissing to delete them)");
            }
            runs.tableMissingInSource(table.getRunId(), table.getTable(), missing, deleted);
            return new Found(missing, deleted);
        } finally {
            keys.clear(table.getRunId(), table.getTable());
        }
    }
}
