package org.supabasemigrator.benchmark;

import java.util.List;
import java.util.Map;

/**
 * One scenario: its source (tables, rows, time to generate) and a result per latency.
 *
 * @param tableRows   rows per table in the source
 * @param jsonMb      the source's rows as served (JSON, from the drain at the lowest latency); 0 if never drained
 * @param failure     why the scenario could not be run at all (e.g. its source could not be generated), else null
 */
record ScenarioResult(String name, String description, double setupSeconds, Map<String, Long> tableRows, long rows,
        double jsonMb, List<LatencyResult> latencies, String failure) {

    LatencyResult at(long latencyMs) {
        return latencies.stream().filter(l -> l.latencyMs() == latencyMs).findFirst().orElse(null);
    }
}
