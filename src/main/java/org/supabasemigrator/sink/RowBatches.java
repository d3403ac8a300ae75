package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Groups;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.model.WriteOutcome;

/**
 * Batching of rows for the sink. As the split's aggregation strategy it gathers a page's transformed groups of
 * rows back into one list, in key order; {@link #batches} then cuts that into write batches of {@code migrator.batch-size}
 * rows (a batch never spans two pages, so it is at most a page). Where the source does not guarantee its keys
 * unique (key columns that are not its primary key), two rows with the same key stop the table: paging by such
 * a key would skip rows.
 */
@ApplicationScoped
@Named("rowBatches")
public class RowBatches implements AggregationStrategy {

    private final int batchSize;

    @Inject
    public RowBatches(MigratorSettings settings) {
        this(settings.batchSize());
    }

    RowBatches(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange page, Exchange next) {
        List<TargetRow> group = next.getMessage().getBody(List.class);
        TableRun table = next.getProperty("tableRun", TableRun.class);
        List<TargetRow> rows;
        if (page == null) {
            rows = new ArrayList<>(group.size());
            next.getMessage().setBody(rows);
        } else {
            rows = page.getMessage().getBody(List.class);
        }
        boolean checkKeys = !table.isKeyUnique();
        for (TargetRow row : group) {
            if (checkKeys && !rows.isEmpty() && rows.get(rows.size() - 1).key().equals(row.key())) {
                throw new IllegalStateException("the key (" + String.join(", ", table.getMapping().keyColumns()) + ") of "
                        + table.getTable() + " is not unique in the source: two rows have key " + row.key()
                        + "; name columns that identify a row in migrator.key-columns");
            }
            rows.add(row);
        }
        return page == null ? next : page;
    }

    /** The page's rows as write batches of at most {@code migrator.batch-size} rows. */
    public List<RowBatch> batches(List<TargetRow> rows) {
        return Groups.of(rows, batchSize).stream().map(RowBatch::new).toList();
    }

    /** A refused batch's rows, each as a batch of one to be written on its own. */
    public List<RowBatch> oneByOne(Object refused) {
        RowBatch batch = refused instanceof WriteOutcome outcome ? outcome.batch() : (RowBatch) refused;
        return batch.oneByOne();
    }
}
