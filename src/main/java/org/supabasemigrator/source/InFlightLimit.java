package org.supabasemigrator.source;

/**
 * How many source requests may be in flight, learnt from how long they take.
 * <p>
 * {@code MIGRATOR_SOURCE_BUSY_CONNECTIONS} is how many requests the source may be <em>working on</em> at once: each
 * holds one of PostgREST's pool connections while its query runs. Across a network a request spends much of its
 * time travelling, holding nothing at the source, so more of them can be in flight for the same load on it. By
 * Little's law the source works on {@code inFlight x (R - L) / R} requests at once, R being a page request's mean
 * time and L the part of it no request gets below (the network's round trip: the least time a recent request took,
 * small ones included). R is the mean of page requests only, which are what the source spends its time on: until a
 * page has been answered the limit stays at the busy connections. The limit is therefore
 * {@code busy x R / (R - L)}, rounded down, kept between the busy connections and {@code MIGRATOR_SOURCE_CONCURRENCY}.
 * Next to the source it stays at the busy connections; 150 ms away it grows until the source's own time per request
 * grows with it, which brings it down again. It grows by one per answer (at most doubling per round trip), falls at
 * once, and goes back to the busy connections when the source says it is overloaded (429, a 5xx).
 */
public final class InFlightLimit {

    /** L is the least request time of the last one or two windows: it follows a network that changes. */
    private static final long FLOOR_WINDOW_NANOS = 60_000_000_000L;
    /** Weight of a new answer in the mean request time. */
    private static final double WEIGHT = 1.0 / 8;

    private final int busy;
    private final int max;

    private int limit;
    private double meanNanos = -1;
    private long floorNanos = Long.MAX_VALUE;
    private long previousFloorNanos = Long.MAX_VALUE;
    private long windowStart;

    /**
     * @param busy requests the source may work on at once
     * @param max  requests in flight at most
     * @param now  the clock's reading now ({@link System#nanoTime()})
     */
    public InFlightLimit(int busy, int max, long now) {
        if (busy < 1 || max < busy) {
            throw new IllegalArgumentException("need 1 <= busy connections <= requests in flight, got " + busy
                    + " and " + max);
        }
        this.busy = busy;
        this.max = max;
        this.limit = busy;
        this.windowStart = now;
    }

    /**
     * A request was answered after {@code nanos}; {@code now} is when; {@code page} whether it asked for a page of
     * rows (else a description, a first row, a key). Returns the new limit.
     */
    public synchronized int answered(long nanos, long now, boolean page) {
        if (now - windowStart > FLOOR_WINDOW_NANOS) {
            previousFloorNanos = floorNanos;
            floorNanos = Long.MAX_VALUE;
            windowStart = now;
        }
        long sample = Math.max(1, nanos);
        floorNanos = Math.min(floorNanos, sample);
        if (!page) {
            return limit;
        }
        meanNanos = meanNanos < 0 ? sample : meanNanos + WEIGHT * (sample - meanNanos);
        double travelling = Math.min(floorNanos, previousFloorNanos);
        // what the source itself takes of a request, never taken as less than 1/max of it
        double atSource = Math.max(meanNanos - travelling, meanNanos / max);
        int wanted = (int) Math.max(busy, Math.min(max, Math.floor(busy * meanNanos / atSource)));
        limit = wanted > limit ? limit + 1 : wanted;
        return limit;
    }

    /** The source said it is overloaded: back to the busy connections it was given. */
    public synchronized int overloaded() {
        limit = busy;
        return limit;
    }

    public synchronized int limit() {
        return limit;
    }
}
