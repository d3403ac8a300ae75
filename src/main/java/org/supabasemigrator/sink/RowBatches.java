package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.transform.TargetRow;

/**
 * Batching of rows for the sink. As the split's aggregation strategy it gathers a page's transformed rows
 * back into one {@link RowBatch}, in key order; {@link #batches} then cuts that into write batches of
 * {@code migrator.batch-size} rows (a batch never spans two pages, so it is at most a page).
 */
@ApplicationScoped
@Named("rowBatches")
public class RowBatches implements AggregationStrategy {

    private final int batchSize;

    public RowBatches(MigratorSettings settings) {
        this.batchSize = settings.batchSize();
    }

    @Override
    public Exchange aggregate(Exchange page, Exchange next) {
        TargetRow row = next.getMessage().getBody(TargetRow.class);
        if (page == null) {
            next.getMessage().setBody(new RowBatch(batchSize));
            page = next;
        }
        page.getMessage().getBody(RowBatch.class).add(row);
        return page;
    }

    /** The page's rows as write batches of at most {@code migrator.batch-size} rows. */
    public List<RowBatch> batches(RowBatch page) {
        List<RowBatch> batches = new ArrayList<>();
        List<TargetRow> rows = page.getRows();
        for (int from = 0; from < rows.size(); from += batchSize) {
            RowBatch batch = new RowBatch(Math.min(batchSize, rows.size() - from));
            rows.subList(from, Math.min(rows.size(), from + batchSize)).forEach(batch::add);
            batches.add(batch);
        }
        return batches;
    }

    /** A row retried on its own is written as a batch of one. */
    public RowBatch single(TargetRow row) {
        return RowBatch.of(row);
    }
}
