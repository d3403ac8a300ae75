package org.supabasemigrator.benchmark;

import java.util.List;
import java.util.Map;

/** Everything one benchmark run found, written as JSON so runs can be compared. */
record BenchmarkResults(BenchmarkSettings settings, MachineInfo machine, Dataset dataset, List<ScenarioResult> scenarios,
        References references, Map<String, Double> ratios, List<Target> targets, String verdict, List<String> failures) {

    /**
     * One of the throughput targets: the service's clients rows/s over a reference's, on the same rows.
     *
     * @param ratio  service rows/s divided by the reference's rows/s
     * @param target the least ratio asked for
     */
    record Target(String name, double ratio, double target, boolean met) {

        static Target of(String name, double serviceSeconds, double referenceSeconds, double target) {
            double ratio = referenceSeconds / serviceSeconds;
            return new Target(name, ratio, target, ratio >= target);
        }
    }

    /** The source: clients rows, their size, the other tables' rows and how long generating took. */
    record Dataset(long clientsRows, BenchmarkSource.RowSize clientsRowSize, Map<String, Long> tableRows,
            double setupSeconds) {
    }

    /** Reference (a) and (c), at latency 0; reference (b) is in each scenario. */
    record References(CopyResult pipe, CopyResult copyIn) {
    }
}
