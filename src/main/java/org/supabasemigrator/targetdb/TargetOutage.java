package org.supabasemigrator.targetdb;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.config.MigratorSettings;

import io.agroal.api.AgroalDataSource;

/**
 * Rides through a target that is unavailable for a while (restarting, failing over, refusing connections): a
 * call is tried again with back-off on a fresh connection until it succeeds or {@code MIGRATOR_TARGET_OUTAGE}
 * has passed since the outage began; then it fails with a {@link TargetUnavailableException} that says so.
 * Used by every target call of the service: directly by the Java code, and by the routes' target-unavailable
 * route configuration as its {@code onWhen} and {@code retryWhile}.
 */
@ApplicationScoped
@Named("targetOutage")
public class TargetOutage {

    private static final Logger LOG = Logger.getLogger(TargetOutage.class);
    private static final long FIRST_DELAY_MS = 250;
    private static final long MAX_DELAY_MS = 5_000;

    private final Duration outage;
    private final AgroalDataSource pool;
    private final JdbcTemplate jdbc;
    /** When each failing exchange (by id, stable across redeliveries) first found the target unavailable. */
    private final Map<String, Long> outageStarts = new ConcurrentHashMap<>();

    public TargetOutage(MigratorSettings settings, AgroalDataSource pool, JdbcTemplate jdbc) {
        this.outage = settings.target().outage();
        this.pool = pool;
        this.jdbc = jdbc;
    }

    /** Runs a target call, waiting out an outage. */
    public <T> T call(String what, Supplier<T> call) {
        long started = 0;
        long delay = FIRST_DELAY_MS;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException failure) {
                if (!SqlFailures.targetUnavailable(failure)) {
                    throw failure;
                }
                long now = System.nanoTime();
                if (started == 0) {
                    started = now;
                    LOG.warnf("Target database unavailable to %s (%s); waiting up to %s for it", what,
                            SqlFailures.reason(failure), outage);
                }
                if (now - started >= outage.toNanos()) {
                    throw unavailable(what, failure);
                }
                sleep(delay);
                delay = Math.min(MAX_DELAY_MS, delay * 2);
                pool.flush(AgroalDataSource.FlushMode.INVALID);
            }
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** Waits until the target answers again (after an outage a slice noticed), or fails after the outage budget. */
    public void awaitAvailable(String what) {
        call(what, () -> jdbc.queryForObject("SELECT 1", Integer.class));
    }

    public TargetUnavailableException unavailable(String what, Throwable cause) {
        return new TargetUnavailableException("target database unavailable for longer than " + outage.toSeconds()
                + " s (MIGRATOR_TARGET_OUTAGE) to " + what + ": " + SqlFailures.reason(cause)
                + "; resume the run once the target is back", cause);
    }

    /** onWhen of the routes' target-unavailable configuration: the failure says the target is away. */
    public boolean isUnavailable(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure != null && SqlFailures.targetUnavailable(failure);
    }

    /**
     * retryWhile: the failure is the target's absence and the outage has lasted less than the budget; the pool
     * drops dead connections before the retry. Asked about every failure of a redelivery, also one that is no
     * outage (a checkpoint the target lost while it was away), which must end the redeliveries at once.
     */
    public boolean shouldRetry(Exchange exchange) {
        if (!isUnavailable(exchange)) {
            outageStarts.remove(exchange.getExchangeId());
            return false;
        }
        long now = System.nanoTime();
        long started = outageStarts.computeIfAbsent(exchange.getExchangeId(), id -> now);
        boolean retry = now - started < outage.toNanos();
        if (retry) {
            pool.flush(AgroalDataSource.FlushMode.INVALID);
        } else {
            outageStarts.remove(exchange.getExchangeId());
        }
        return retry;
    }

    /** After a call that succeeded: its next outage starts a fresh budget. */
    public void recovered(Exchange exchange) {
        outageStarts.remove(exchange.getExchangeId());
    }

    private static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the target database", e);
        }
    }
}
