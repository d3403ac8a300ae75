package org.supabasemigrator.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's headline figures on one line, for the report's last table and the top of results.json: whole-run
 * seconds per latency, the drain's, the two ratios the issue sets targets for, memory, and what gzip saves.
 *
 * @param serviceSeconds     latency (ms) -> the measured run's seconds, POST to its end
 * @param drainSeconds       latency (ms) -> the sequential drain's seconds (with gzip)
 * @param drainRatio0ms      drain_0ms_seconds / service_0ms_seconds (target >= 0.7), null without both
 * @param latencyRatios      latency -> service_0ms_seconds / service_latency_seconds (target >= 0.9)
 * @param roundTripFloors    latency -> the least time the service's source requests take with MIGRATOR_SOURCE_CONCURRENCY
 *                           in flight, each as long as the drain's mean page ({@link LatencyResult#roundTripFloorSeconds})
 * @param peakHeapMb         the highest heap use before a GC over the scenario's runs (GC log)
 * @param peakRssMb          the highest peak resident set over its runs
 * @param wireMbGzip         the drain's body bytes on the wire with Accept-Encoding: gzip (at the lowest latency)
 * @param wireMbPlain        the same without (null where that drain was not run)
 */
record Figures(String scenario, long rows, int tables, double jsonMb, String outcome, Map<Long, Double> serviceSeconds,
        Map<Long, Double> coldServiceSeconds, Map<Long, Double> drainSeconds, Double drainRatio0ms,
        Map<Long, Double> latencyRatios, Map<Long, Double> roundTripFloors, double peakHeapMb, double peakRssMb, Double wireMbGzip, Double wireMbPlain,
        Double drainSecondsGzip0ms, Double drainSecondsPlain0ms, Double pipeSeconds0ms) {

    static Figures of(ScenarioResult s, int inFlight) {
        Map<Long, Double> service = new LinkedHashMap<>();
        Map<Long, Double> cold = new LinkedHashMap<>();
        Map<Long, Double> drain = new LinkedHashMap<>();
        Map<Long, Double> ratios = new LinkedHashMap<>();
        Map<Long, Double> floors = new LinkedHashMap<>();
        double heap = -1;
        double rss = -1;
        for (LatencyResult l : s.latencies()) {
            if (l.run() != null) {
                service.put(l.latencyMs(), l.run().observedSeconds());
                if (l.run().coldSeconds() != null) {
                    cold.put(l.latencyMs(), l.run().coldSeconds());
                }
            }
            if (l.drain() != null) {
                drain.put(l.latencyMs(), l.drain().seconds());
                floors.put(l.latencyMs(), l.roundTripFloorSeconds(inFlight));
            }
            if (l.memory() != null) {
                heap = Math.max(heap, l.memory().peakHeapMb());
                rss = Math.max(rss, l.memory().peakRssMb());
            }
        }
        LatencyResult base = s.at(0);
        Double drainRatio = base != null && base.run() != null && base.drain() != null
                ? base.drain().seconds() / base.run().observedSeconds() : null;
        if (service.containsKey(0L)) {
            service.forEach((latency, seconds) -> {
                if (latency != 0) {
                    ratios.put(latency, service.get(0L) / seconds);
                }
            });
        }
        LatencyResult first = s.latencies().isEmpty() ? null : s.latencies().get(0);
        List<String> outcomes = s.latencies().stream().map(l -> l.latencyMs() + " ms " + (l.passed() ? "PASS" : "FAIL")).toList();
        return new Figures(s.name(), s.rows(), s.tableRows().size(), s.jsonMb(),
                s.failure() != null ? "FAIL: " + s.failure() : String.join(", ", outcomes), service, cold, drain,
                drainRatio, ratios, floors, heap, rss,
                first == null || first.drain() == null ? null : first.drain().wireBytes() / 1e6,
                base == null || base.plainDrain() == null ? null : base.plainDrain().wireBytes() / 1e6,
                base == null || base.drain() == null ? null : base.drain().seconds(),
                base == null || base.plainDrain() == null ? null : base.plainDrain().seconds(),
                base == null || base.pipe() == null ? null : base.pipe().seconds());
    }
}
