package org.supabasemigrator.benchmark;

import java.util.List;

/**
 * The service's own page times, estimated from outside: the run view's rows-read counter, polled every 250 ms,
 * gives when the table's reading passed a number of rows (interpolated between the two polls around it). The
 * first span runs from the end of the first page to the end of the first tenth of the pages after it (the
 * first page also waits for the key ranges to be planned), the last span over the last tenth of the pages;
 * divided by their pages, the mean time per page (parse, transform and write included).
 */
record ServiceProgress(double first10PercentSeconds, double last10PercentSeconds, double first10PercentMeanPageMs,
        double last10PercentMeanPageMs) {

    static ServiceProgress of(List<RunWatcher.Progress> polls, long rows, int pageSize) {
        long pages = (rows + pageSize - 1) / pageSize;
        long tenth = Math.max(1, pages / 10);
        double firstPageDone = passed(polls, Math.min(rows, pageSize));
        double firstTenthDone = passed(polls, Math.min(rows, (1 + tenth) * pageSize));
        double lastTenthStarted = passed(polls, rows - tenth * pageSize);
        double done = passed(polls, rows);
        double first = firstTenthDone - firstPageDone;
        double last = done - lastTenthStarted;
        return new ServiceProgress(first, last, first * 1000 / tenth, last * 1000 / tenth);
    }

    /** Seconds from the POST until {@code rows} had been read, interpolated between polls; NaN if never seen. */
    private static double passed(List<RunWatcher.Progress> polls, long rows) {
        RunWatcher.Progress before = null;
        for (RunWatcher.Progress p : polls) {
            if (p.read() >= rows) {
                if (before == null || p.read() == before.read()) {
                    return p.elapsedNanos() / 1e9;
                }
                double share = (rows - before.read()) / (double) (p.read() - before.read());
                return (before.elapsedNanos() + share * (p.elapsedNanos() - before.elapsedNanos())) / 1e9;
            }
            before = p;
        }
        return Double.NaN;
    }
}
