package org.supabasemigrator.benchmark;

import java.util.Arrays;
import java.util.List;

/**
 * Statistics of a sequence of page request times, in the order the pages were read. The means of the first
 * and the last 10% of the pages show whether a page costs more the deeper it lies in the table (it should
 * not with keyset pagination; it would with offsets).
 */
record PageTimes(int pages, double totalMs, double meanMs, double p50Ms, double p95Ms, double maxMs,
        double first10PercentMeanMs, double last10PercentMeanMs) {

    static PageTimes of(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return new PageTimes(0, 0, 0, 0, 0, 0, 0, 0);
        }
        double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).toArray();
        int tenth = Math.max(1, ms.length / 10);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new PageTimes(ms.length, Arrays.stream(ms).sum(), Arrays.stream(ms).average().orElse(0),
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1],
                Arrays.stream(ms, 0, tenth).average().orElse(0),
                Arrays.stream(ms, ms.length - tenth, ms.length).average().orElse(0));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
