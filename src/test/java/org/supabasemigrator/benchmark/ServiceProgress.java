package org.supabasemigrator.benchmark;

import java.util.List;

/**
 * The service's own page times, estimated from outside: the run view's rows-read counter, polled every 100 ms,
 * gives when the first and the last 10% of a table's rows were read; divided by the pages in each span, the
 * mean time per page (parse, transform and write included). Good to about 100 ms per span.
 */
record ServiceProgress(double first10PercentSeconds, double last10PercentSeconds, double first10PercentMeanPageMs,
        double last10PercentMeanPageMs) {

    static ServiceProgress of(List<RunWatcher.Progress> polls, long rows, int pageSize) {
        Long started = null;
        RunWatcher.Progress tenth = null;
        RunWatcher.Progress ninetieth = null;
        RunWatcher.Progress done = null;
        for (RunWatcher.Progress p : polls) {
            if (started == null && (!p.state().equals("PENDING") || p.read() > 0)) {
                started = p.elapsedNanos();
            }
            if (tenth == null && p.read() >= rows / 10.0) {
                tenth = p;
            }
            if (ninetieth == null && p.read() >= rows * 0.9) {
                ninetieth = p;
            }
            if (done == null && p.read() >= rows) {
                done = p;
            }
        }
        if (started == null || tenth == null || ninetieth == null || done == null) {
            return new ServiceProgress(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double first = (tenth.elapsedNanos() - started) / 1e9;
        double last = (done.elapsedNanos() - ninetieth.elapsedNanos()) / 1e9;
        double firstPages = Math.max(1, Math.ceil(tenth.read() / (double) pageSize));
        double lastPages = Math.max(1, Math.ceil((rows - ninetieth.read()) / (double) pageSize));
        return new ServiceProgress(first, last, first * 1000 / firstPages, last * 1000 / lastPages);
    }
}
