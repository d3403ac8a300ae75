package org.supabasemigrator.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.supabasemigrator.source.SourceException;
import org.supabasemigrator.source.SourceRequest;
import org.supabasemigrator.source.SourceRequests;

/** onRedelivery of source requests: counts each retry by table and by what went wrong. */
@ApplicationScoped
@Named("sourceRetryMetrics")
public class SourceRetryMetrics implements Processor {

    private final MigrationMetrics metrics;

    public SourceRetryMetrics(MigrationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        String reason = failure instanceof SourceException source ? source.getReason() : "error";
        metrics.sourceRetry(request == null || request.table().isEmpty() ? "-" : request.table(), reason);
    }
}
