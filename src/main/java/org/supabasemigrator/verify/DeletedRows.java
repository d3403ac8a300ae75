package org.supabasemigrator.verify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.run.MigrationRunner;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.run.TableRun;
import org.supabasemigrator.sink.RowBatch;

/**
 * Rows deleted in the source since they were copied, called by the {@code find-deleted-rows} route: a pass
 * over the source's primary keys (keys only, keyset-paged) is staged in the target, then the target's rows
 * with other keys are counted, and deleted when the run asked for it ({@code deleteMissing}).
 */
@ApplicationScoped
@Named("deletedRows")
public class DeletedRows {

    private static final Logger LOG = Logger.getLogger(DeletedRows.class);

    private final SourceKeys keys;
    private final RunStore runs;
    private final MigrationRunner runner;

    public DeletedRows(SourceKeys keys, RunStore runs, MigrationRunner runner) {
        this.keys = keys;
        this.runs = runs;
        this.runner = runner;
    }

    public List<SliceCursor> start(@ExchangeProperty("tableRun") TableRun table, Exchange exchange) {
        keys.clear(table.getRunId(), table.getTable());
        List<SliceCursor> ranges = runner.scanRanges(table, true);
        exchange.setProperty(ContentVerifier.RANGES, ranges);
        return ranges;
    }

    public void stagePage(@ExchangeProperty("tableRun") TableRun table, RowBatch page) {
        keys.stage(table.getRunId(), table.getMapping(), page);
    }

    public void finish(@ExchangeProperty("tableRun") TableRun table,
            @ExchangeProperty(ContentVerifier.RANGES) List<SliceCursor> ranges) {
        try {
            if (!ranges.stream().allMatch(SliceCursor::isEndReached)) {
                return; // a partial key set would make every unseen row look deleted
            }
            long missing = keys.countExtra(table.getRunId(), table.getMapping());
            long deleted = missing > 0 && table.getRun().getOptions().deleteMissing()
                    ? keys.deleteExtra(table.getRunId(), table.getMapping()) : 0;
            runs.tableMissingInSource(table.getRunId(), table.getTable(), missing, deleted);
            if (missing > 0) {
                LOG.infof("Table %s: %d target rows are gone from the source%s", table.getTable(), missing,
                        deleted > 0 ? ", deleted" : " (kept; ask for deleteMissing to delete them)");
            }
        } finally {
            keys.clear(table.getRunId(), table.getTable());
        }
    }
}
