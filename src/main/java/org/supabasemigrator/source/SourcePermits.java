package org.supabasemigrator.source;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.supabasemigrator.config.MigratorSettings;

/**
 * The bounds on what the run asks of the source at once, both following one {@link InFlightLimit}:
 * <ul>
 * <li>requests in flight, shared by every table and key range, taken around the HTTP call of route
 * {@code source-request} only (Camel's throttle EIP in ConcurrentRequests mode holds its permit until the whole
 * exchange completes, which for a request made on a run's own exchange is the end of the run); each answer's time
 * teaches the limit;</li>
 * <li>key ranges being read, taken by route {@code copy-slice} for the whole range: a range holds a page in hand
 * and one on its way, so this bounds the pages in the heap and the target sessions writing them, and a range
 * waiting here holds nothing.</li>
 * </ul>
 */
@ApplicationScoped
@Named("sourcePermits")
public class SourcePermits {

    private static final String HELD = "sourcePermitHeld";
    private static final String READING = "sourceReaderHeld";

    private final InFlightLimit limit;
    private final Gate requests;
    private final Gate readers;

    /**
     * Pages smaller than this cost the source and the target more per row (a request, a transaction each) than
     * the round trips they would hide: key ranges read at once stop where the heap's share would shrink pages below it.
     */
    static final long LEAST_PAGE_BYTES = 1024 * 1024;

    private final int maxReaders;

    @Inject
    public SourcePermits(MigratorSettings settings) {
        this(settings.source().busyConnections(), settings.sourceConcurrency(),
                (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / (16 * LEAST_PAGE_BYTES)));
    }

    /**
     * @param busy        requests the source may work on at once
     * @param concurrency requests in flight at most
     * @param heapReaders the key ranges the heap holds pages of {@link #LEAST_PAGE_BYTES} for
     */
    SourcePermits(int busy, int concurrency, int heapReaders) {
        // a concurrency below the busy connections is the bound on both
        this.limit = new InFlightLimit(Math.min(busy, concurrency), concurrency, System.nanoTime());
        this.maxReaders = Math.max(limit.busy(), Math.min(concurrency, heapReaders));
        this.requests = new Gate(limit.limit());
        this.readers = new Gate(limit.limit());
    }

    public void acquire(Exchange exchange) throws InterruptedException {
        requests.acquire();
        exchange.setProperty(HELD, System.nanoTime());
    }

    public void release(Exchange exchange) {
        Long since = exchange.removeProperty(HELD) instanceof Long started ? started : null;
        if (since == null) {
            return;
        }
        long now = System.nanoTime();
        Object answered = exchange.removeProperty(SourceRequests.STATUS);
        int status = answered instanceof Integer code ? code : 0;
        if (status == 429 || status >= 500) {
            resize(limit.overloaded()); // a source that sheds load, or fails under it, gets no more than it was given
        } else if (status > 0) {
            // no answer (refused, reset) says nothing of the round trip
            SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
            resize(limit.answered(now - since, now, request != null && request.kind() == SourceRequest.Kind.PAGE));
        }
        requests.release();
    }

    /** Before a key range is read: waits while as many ranges are read as requests may be in flight. */
    public void startReading(Exchange exchange) throws InterruptedException {
        readers.acquire();
        exchange.setProperty(READING, Boolean.TRUE);
    }

    public void stopReading(Exchange exchange) {
        if (exchange.removeProperty(READING) != null) {
            readers.release();
        }
    }

    /** Key ranges being read now. */
    public int readers() {
        return Math.max(0, readers.size() - readers.availablePermits());
    }

    /** Source requests that may be in flight now. */
    public int limit() {
        return limit.limit();
    }

    /** The most key ranges that may ever be read at once. */
    public int maxReaders() {
        return maxReaders;
    }

    private void resize(int size) {
        requests.resize(size);
        readers.resize(Math.min(size, maxReaders));
    }

    /** A fair semaphore whose permits follow a limit that changes while some are out. */
    private static final class Gate extends Semaphore {

        private int size;

        Gate(int size) {
            super(size, true);
            this.size = size;
        }

        synchronized int size() {
            return size;
        }

        synchronized void resize(int newSize) {
            if (newSize > size) {
                release(newSize - size);
            } else if (newSize < size) {
                reducePermits(size - newSize);
            }
            size = newSize;
        }
    }
}
