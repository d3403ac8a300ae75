package org.supabasemigrator.source;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.supabasemigrator.config.MigratorSettings;

/**
 * The one bound on source requests in flight ({@code MIGRATOR_SOURCE_CONCURRENCY}), shared by every table and key
 * range, taken around the HTTP call of route {@code source-request} only. Camel's throttle EIP in
 * ConcurrentRequests mode holds its permit until the whole exchange completes, which for a request made on a
 * run's own exchange is the end of the run.
 */
@ApplicationScoped
@Named("sourcePermits")
public class SourcePermits {

    private static final String HELD = "sourcePermitHeld";

    private final Semaphore permits;

    public SourcePermits(MigratorSettings settings) {
        this.permits = new Semaphore(settings.sourceConcurrency(), true);
    }

    public void acquire(Exchange exchange) throws InterruptedException {
        permits.acquire();
        exchange.setProperty(HELD, Boolean.TRUE);
    }

    public void release(Exchange exchange) {
        if (exchange.removeProperty(HELD) != null) {
            permits.release();
        }
    }
}
