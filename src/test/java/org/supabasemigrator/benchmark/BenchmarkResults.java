package org.supabasemigrator.benchmark;

import java.util.List;
import java.util.Map;

/** Everything one benchmark run found, written as JSON so runs can be compared. */
record BenchmarkResults(BenchmarkSettings settings, MachineInfo machine, Dataset dataset, List<ScenarioResult> scenarios,
        References references, Map<String, Double> ratios, String verdict, List<String> failures) {

    /** The source: clients rows, their size, the other tables' rows and how long generating took. */
    record Dataset(long clientsRows, BenchmarkSource.RowSize clientsRowSize, Map<String, Long> tableRows,
            double setupSeconds) {
    }

    /** Reference (a) and (c), at latency 0; reference (b) is in each scenario. */
    record References(CopyResult pipe, CopyResult copyIn) {
    }
}
