package org.supabasemigrator.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.sink.RowBatch;

/** The sink routes' measuring points: when a write starts, and what its transaction committed. */
@ApplicationScoped
@Named("sinkMetrics")
public class SinkMetrics {

    static final String STARTED = "writeStarted";

    private final MigrationMetrics metrics;

    public SinkMetrics(MigrationMetrics metrics) {
        this.metrics = metrics;
    }

    public void started(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** After the transaction that wrote the batch and moved its checkpoint committed. */
    public void committed(@ExchangeProperty("slice") SliceCursor slice, @ExchangeProperty(STARTED) Long started,
            RowBatch batch) {
        metrics.written(slice.getTable(), batch.getSize());
        if (started != null) {
            metrics.batchWrite(slice.getTable(), System.nanoTime() - started);
        }
    }

    public void deadLettered(@ExchangeProperty("slice") SliceCursor slice) {
        metrics.deadLettered(slice.getTable(), 1);
    }
}
