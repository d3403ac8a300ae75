package org.supabasemigrator.source;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.event.SourceRetried;

/**
 * When a source request is tried again: only for transient failures (5xx, 429, timeouts, resets, cut-off or
 * malformed bodies), at most {@code migrator.source.retries} times and within {@code migrator.source.retry-budget}.
 * A page the source cancelled at its statement timeout, or one too large to read, is not asked for again
 * unchanged: the slice asks for fewer rows, down to one; past that the table fails with what happened and
 * what helps. Used as the {@code onWhen} and {@code retryWhile} of the source-retries route configuration.
 */
@ApplicationScoped
@Named("sourceRetries")
public class SourceRetries {

    private static final Logger LOG = Logger.getLogger(SourceRetries.class);

    private static final String TIMEOUT_ADVICE = ". The Supabase project's statement_timeout (8 s for the service role"
            + " unless changed) is too short for this table: raise it (e.g. ALTER ROLE authenticator SET statement_timeout"
            + " = '60s' in the project's SQL editor, then NOTIFY pgrst, 'reload config'), or lower MIGRATOR_PAGE_BYTES";

    /** When each failing request (by exchange id, stable across redeliveries) first failed. */
    private final Map<String, Long> firstFailure = new ConcurrentHashMap<>();

    private final int retries;
    private final Duration budget;
    private final Event<SourceRetried> retried;

    public SourceRetries(MigratorSettings settings, Event<SourceRetried> retried) {
        this.retries = settings.source().retries();
        this.budget = settings.source().retryBudget();
        this.retried = retried;
    }

    /** onWhen: a failure worth another try. */
    public boolean isTransient(Exchange exchange) {
        SourceException failure = failure(exchange);
        return failure != null && failure.isTransient();
    }

    /** retryWhile: attempts and time left, and for a costly page, a cheaper one to ask for. */
    public boolean shouldRetry(Exchange exchange) {
        SourceException failure = failure(exchange);
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        long first = firstFailure.computeIfAbsent(exchange.getExchangeId(), id -> System.nanoTime());
        boolean retry = attempt < retries && System.nanoTime() - first < budget.toNanos();
        if (failure != null && failure.isStatementTimeout() && !retry) {
            failure.advise(TIMEOUT_ADVICE); // out of attempts: the error still says what helps
        } else if (retry && failure != null && (failure.isStatementTimeout() || failure.isTooLarge())) {
            retry = cheaper(exchange, failure);
        }
        if (retry) {
            SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
            retried.fire(new SourceRetried(request == null || request.table().isEmpty() ? "-" : request.table(),
                    failure == null ? "error" : failure.getReason()));
        } else {
            firstFailure.remove(exchange.getExchangeId());
            LOG.debugf("Source request given up after %d attempt(s)", attempt + 1);
        }
        return retry;
    }

    /** A page's slice asks for fewer rows next time; any other request would cost the same again. */
    private static boolean cheaper(Exchange exchange, SourceException failure) {
        Slice slice = exchange.getProperty("slice", Slice.class);
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        if (slice == null || request == null || request.kind() != SourceRequest.Kind.PAGE || !slice.shrinkPage()) {
            if (failure.isStatementTimeout()) {
                // the same exception travels on: the run's error says what helps
                failure.advise((request != null && request.kind() == SourceRequest.Kind.PAGE
                        ? ", even for a page of one row" : "") + TIMEOUT_ADVICE);
            }
            return false;
        }
        LOG.infof("%s: the source %s; asking for %d rows a page", slice,
                failure.isStatementTimeout() ? "cancelled the page at its statement timeout" : "sent a page larger than the limit",
                slice.getPageLimit());
        return true;
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

    /**
     * After a request that succeeded: its next failure starts a fresh budget, and Camel's redelivery headers go,
     * or the next page's request (a copy of this exchange) would start counting from this one's attempts.
     */
    public void succeeded(Exchange exchange) {
        firstFailure.remove(exchange.getExchangeId());
        exchange.getMessage().removeHeaders("CamelRedelivery*");
        exchange.getMessage().removeHeader(Exchange.REDELIVERED);
    }
}
