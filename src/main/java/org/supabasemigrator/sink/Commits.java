package org.supabasemigrator.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.model.Comparison;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.WriteOutcome;
import org.supabasemigrator.model.event.RowDeadLettered;
import org.supabasemigrator.model.event.RowsWritten;

/**
 * After a sink transaction committed: the slice learns where its checkpoints stand now (the next update is made
 * only from there), and the commit is announced for the metrics.
 */
@ApplicationScoped
@Named("commits")
public class Commits {

    private final Event<RowsWritten> written;
    private final Event<RowDeadLettered> deadLettered;

    public Commits(Event<RowsWritten> written, Event<RowDeadLettered> deadLettered) {
        this.written = written;
        this.deadLettered = deadLettered;
    }

    /** A batch (or a dead letter) and its checkpoint committed. */
    public WriteOutcome written(@ExchangeProperty("slice") Slice slice, WriteOutcome outcome) {
        slice.committed(outcome.lastKey());
        if (outcome.deadLettered() > 0) {
            deadLettered.fire(new RowDeadLettered(slice.getTable()));
        } else {
            written.fire(new RowsWritten(slice.getTable(), outcome.written(), System.nanoTime() - outcome.startedNanos()));
        }
        return outcome;
    }

    /** A comparison and the slice's verified position committed. */
    public void compared(@ExchangeProperty("slice") Slice slice, Comparison comparison) {
        if (comparison.upTo() != null) {
            slice.verified(comparison.upTo());
        }
    }
}
