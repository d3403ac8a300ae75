package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets, scenario by scenario: every run SUCCEEDED with the target equal to the source (a miss fails
 * the command); at 0 ms the whole run within 1 / 0.7 of the sequential drain of every page from the same server
 * (drain_0ms_seconds / service_0ms_seconds >= 0.7); at every other latency at least 0.9 of the same scenario's
 * 0 ms rate (service_0ms_seconds / service_Lms_seconds >= 0.9); 60 small tables in seconds at 150 ms.
 */
final class Targets {

    static final double DRAIN_RATIO = 0.7;
    static final double LATENCY_RATIO = 0.9;
    /** "Finishes in seconds, not in minutes". */
    static final double MANY_TABLES_SECONDS = 10;

    private Targets() {
    }

    static List<BenchmarkResults.Target> of(List<ScenarioResult> scenarios) {
        List<BenchmarkResults.Target> targets = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (s.failure() != null) {
                targets.add(BenchmarkResults.Target.holds(s.name(), "scenario ran", false, s.failure()));
                continue;
            }
            for (LatencyResult l : s.latencies()) {
                targets.add(BenchmarkResults.Target.holds(s.name(), "run at " + l.latencyMs() + " ms SUCCEEDED, content equal",
                        l.passed(), outcome(l)));
            }
            LatencyResult base = s.at(0);
            boolean baseOk = base != null && base.succeeded();
            if (baseOk && base.drain() != null) {
                targets.add(BenchmarkResults.Target.ratio(s.name(), "drain_0ms / service_0ms", base.drain().seconds(),
                        base.run().observedSeconds(), DRAIN_RATIO, String.format(Locale.ROOT, "drain %.2f s, service %.2f s",
                                base.drain().seconds(), base.run().observedSeconds())));
            }
            for (LatencyResult l : s.latencies()) {
                if (l.latencyMs() == 0 || !baseOk || !l.succeeded()) {
                    continue;
                }
                targets.add(BenchmarkResults.Target.ratio(s.name(), "service_0ms / service_" + l.latencyMs() + "ms",
                        base.run().observedSeconds(), l.run().observedSeconds(), LATENCY_RATIO,
                        String.format(Locale.ROOT, "0 ms %.2f s, %d ms %.2f s", base.run().observedSeconds(), l.latencyMs(),
                                l.run().observedSeconds())));
                if (s.name().equals("many-tables") && l.latencyMs() >= 150) {
                    targets.add(BenchmarkResults.Target.atMost(s.name(), "whole run at " + l.latencyMs() + " ms, seconds",
                            l.run().observedSeconds(), MANY_TABLES_SECONDS, s.tableRows().size() + " tables"));
                }
            }
        }
        return targets;
    }

    /** What fails the command: the correctness targets that were missed. */
    static List<String> failures(List<BenchmarkResults.Target> targets) {
        return targets.stream().filter(t -> t.value() == null && !t.met())
                .map(t -> t.scenario() + ": " + t.name() + " NOT met: " + t.detail()).toList();
    }

    private static String outcome(LatencyResult l) {
        if (l.failure() != null) {
            return l.failure();
        }
        StringBuilder text = new StringBuilder(l.run() == null ? "no run" : l.run().state());
        if (l.run() != null && l.run().error() != null) {
            text.append(": ").append(l.run().error());
        }
        l.content().stream().filter(c -> !c.equal()).forEach(c -> text.append("; ").append(c.table())
                .append(" differs (source ").append(c.source().rows()).append(" rows ").append(c.source().md5())
                .append(", target ").append(c.target().rows()).append(" rows ").append(c.target().md5()).append(')'));
        if (l.memory() != null && l.memory().peakHeapMb() > 0) {
            text.append(String.format(Locale.ROOT, "; peak heap %.0f MB, peak RSS %.0f MB", l.memory().peakHeapMb(),
                    l.memory().peakRssMb()));
        }
        return text.toString();
    }
}
