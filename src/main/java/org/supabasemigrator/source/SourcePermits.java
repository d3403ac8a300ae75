package org.supabasemigrator.source;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Slice;

/**
 * The bounds on what the run asks of the source at once:
 * <ul>
 * <li>requests in flight, shared by every table and key range, taken around the HTTP call of route
 * {@code source-request} only (Camel's throttle EIP in ConcurrentRequests mode holds its permit until the whole
 * exchange completes, which for a request made on a run's own exchange is the end of the run); how many follows
 * an {@link InFlightLimit}, which each answer's time teaches;</li>
 * <li>key ranges being read, taken by route {@code copy-slice} for the whole range: as many as requests may be in
 * flight, and as many as the heap's share for pages holds the page each expects (a range holds a page in hand
 * and one on its way). So ranges of large rows are read a few at a time, in pages of the full budget, and ranges
 * of small rows many at a time; a range waiting here holds nothing.</li>
 * </ul>
 */
@ApplicationScoped
@Named("sourcePermits")
public class SourcePermits {

    private static final String HELD = "sourcePermitHeld";
    private static final String READING = "sourceReaderKilobytes";
    /** A range reserves at least this much: a page also costs what its rows do not show (buffers, objects). */
    private static final int LEAST_RESERVATION_KB = 64;

    private final InFlightLimit limit;
    private final int concurrency;
    private final Gate requests;
    private final Gate readers;
    /** Kilobytes of the heap's share for pages not reserved by a range being read. */
    private final Semaphore pageMemory;
    private final int pageBudgetKb;
    private final int pageSize;
    private final AtomicInteger reading = new AtomicInteger();

    @Inject
    public SourcePermits(MigratorSettings settings) {
        this(settings.sourceBusy(), settings.sourceConcurrency(), settings.pageMemoryBytes(), settings.pageBudgetBytes(),
                settings.pageSize());
    }

    /**
     * @param busy            requests the source may work on at once (at most {@code concurrency})
     * @param concurrency     requests in flight at most
     * @param pageMemoryBytes the heap's share for the pages of the ranges read at once
     * @param pageBudgetBytes the most a page may weigh (at most {@code pageMemoryBytes})
     * @param pageSize        rows a page asks for at most
     */
    SourcePermits(int busy, int concurrency, long pageMemoryBytes, long pageBudgetBytes, int pageSize) {
        this.limit = new InFlightLimit(busy, concurrency, System.nanoTime());
        this.concurrency = concurrency;
        this.pageSize = pageSize;
        this.requests = new Gate(busy);
        this.readers = new Gate(busy);
        this.pageBudgetKb = kilobytes(pageBudgetBytes);
        this.pageMemory = new Semaphore(Math.max(pageBudgetKb, kilobytes(pageMemoryBytes)), true);
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

    /**
     * Before a key range is read: waits while as many ranges are read as requests may be in flight, and while the
     * heap's share for pages does not hold the page this one expects.
     */
    public void startReading(Exchange exchange) throws InterruptedException {
        Slice slice = exchange.getProperty("slice", Slice.class);
        int kilobytes = reservation(slice.fullPageBytes(pageSize));
        readers.acquire();
        try {
            pageMemory.acquire(kilobytes);
        } catch (InterruptedException e) {
            readers.release();
            throw e;
        }
        reading.incrementAndGet();
        // a holder, not a number: the exchanges the range's pages are read on are copies that share it
        exchange.setProperty(READING, new AtomicInteger(kilobytes));
    }

    public void stopReading(Exchange exchange) {
        if (exchange.removeProperty(READING) instanceof AtomicInteger kilobytes) {
            reading.decrementAndGet();
            synchronized (kilobytes) {
                pageMemory.release(kilobytes.getAndSet(0));
            }
            readers.release();
        }
    }

    /**
     * The bytes a range's next page may weigh: what a page of its rows weighs ({@code wantedBytes}) within the page
     * budget, as far as its reservation grows to it while the heap's share for pages has some to spare (a smaller
     * page gives the rest back); a page read outside a range's reservation (keys, a gap) gets the page budget.
     */
    public long pageBudget(Exchange exchange, long wantedBytes) {
        if (!(exchange.getProperty(READING) instanceof AtomicInteger held)) {
            return pageBudgetKb * 1024L;
        }
        synchronized (held) {
            int wanted = reservation(wantedBytes);
            int has = held.get();
            if (wanted > has && pageMemory.tryAcquire(wanted - has)) {
                has = wanted;
            } else if (wanted < has) {
                pageMemory.release(has - wanted);
                has = wanted;
            }
            held.set(has);
            return has * 1024L;
        }
    }

    private int reservation(long pageBytes) {
        return Math.min(pageBudgetKb, Math.max(LEAST_RESERVATION_KB, kilobytes(pageBytes)));
    }

    /** Key ranges being read now. */
    public int readers() {
        return reading.get();
    }

    /** Source requests that may be in flight now. */
    public int limit() {
        return limit.limit();
    }

    /** The most key ranges that may ever be read at once. */
    public int maxReaders() {
        return concurrency;
    }

    private void resize(int size) {
        requests.resize(size);
        readers.resize(size);
    }

    private static int kilobytes(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }

    /** A fair semaphore whose permits follow a limit that changes while some are out. */
    private static final class Gate extends Semaphore {

        private int size;

        Gate(int size) {
            super(size, true);
            this.size = size;
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
