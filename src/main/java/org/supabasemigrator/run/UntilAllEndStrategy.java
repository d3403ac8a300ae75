package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableRun;

/**
 * For the parallel splits over a table's key ranges and a wave's tables: every branch ends by itself (none is
 * interrupted mid-write, which would break its connection and hide the real failure), the first failure halts
 * the others after the page in hand, and it is the one the split fails with. The split's body stays what it was.
 */
@ApplicationScoped
@Named("untilAllEnd")
public class UntilAllEndStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("aggregated with the input exchange");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange branch, Exchange input) {
        if (branch != null && branch.getException() != null) {
            if (branch.getProperty("slice") instanceof Slice slice) {
                slice.getTableRun().halt();
            } else if (branch.getProperty("tableRun") instanceof TableRun table) {
                table.getRun().halt();
            } else if (branch.getProperty("run") instanceof MigrationRun run) {
                run.halt();
            }
            if (input.getException() == null) {
                input.setException(branch.getException());
            }
        }
        return input;
    }
}
