package org.supabasemigrator.source;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.observability.MigrationMetrics;

/**
 * When a source request is tried again: only for transient failures (5xx, 429, timeouts, resets, cut-off or
 * malformed bodies), at most {@code migrator.source.retries} times and within {@code migrator.source.retry-budget};
 * used as the {@code onWhen} and {@code retryWhile} of the source-retries route configuration.
 */
@ApplicationScoped
@Named("sourceRetries")
public class SourceRetries {

    private static final Logger LOG = Logger.getLogger(SourceRetries.class);

    /** When each failing request (by exchange id, stable across redeliveries) first failed. */
    private final Map<String, Long> firstFailure = new ConcurrentHashMap<>();

    private final int retries;
    private final Duration budget;
    private final MigrationMetrics metrics;

    public SourceRetries(MigratorSettings settings, MigrationMetrics metrics) {
        this.retries = settings.source().retries();
        this.budget = settings.source().retryBudget();
        this.metrics = metrics;
    }

    /** onWhen: a failure worth another try. */
    public boolean isTransient(Exchange exchange) {
        SourceException failure = failure(exchange);
        return failure != null && failure.isTransient();
    }

    /** retryWhile: attempts and time left. */
    public boolean shouldRetry(Exchange exchange) {
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        long first = firstFailure.computeIfAbsent(exchange.getExchangeId(), id -> System.nanoTime());
        boolean retry = attempt < retries && System.nanoTime() - first < budget.toNanos();
        if (retry) {
            SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
            SourceException failure = failure(exchange);
            metrics.sourceRetry(request == null || request.table().isEmpty() ? "-" : request.table(),
                    failure == null ? "error" : failure.getReason());
        } else {
            firstFailure.remove(exchange.getExchangeId());
            LOG.debugf("Source request given up after %d attempt(s)", attempt + 1);
        }
        return retry;
    }

    private static SourceException failure(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SourceException source) {
                return source;
            }
        }
        return null;
    }

    /** After a request that succeeded: its next failure starts a fresh budget. */
    public void succeeded(Exchange exchange) {
        firstFailure.remove(exchange.getExchangeId());
    }
}
