package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Runs one scenario: generates its source once (schema, rows, then VACUUM FREEZE ANALYZE so no timed read pays for
 * hint bits or statistics), runs the service against it at each latency ({@link ServiceRun}), then drops it. A
 * latency whose run breaks off is recorded with its error and the others still run.
 */
final class ScenarioRunner {

    private final BenchmarkSettings settings;
    private final Cleanup cleanup;
    private final BenchmarkReport report;

    ScenarioRunner(BenchmarkSettings settings, Cleanup cleanup, BenchmarkReport report) {
        this.settings = settings;
        this.cleanup = cleanup;
        this.report = report;
    }

    ScenarioResult run(SourceDataset dataset) {
        System.out.printf("%n[benchmark] scenario %s: generating the source (%s) ...%n", dataset.name(),
                dataset.description());
        long start = System.nanoTime();
        TestDatabase source = cleanup.add(TestDatabase.create("bench_src"));
        try {
            List<SourceTable> tables;
            try {
                source.execute(dataset.schemaSql()).execute(dataset.dataSql()).execute("VACUUM (FREEZE, ANALYZE)");
                tables = SourceTable.all(source);
            } catch (RuntimeException e) {
                return new ScenarioResult(dataset.name(), dataset.description(), 0, Map.of(), 0, 0, List.of(),
                        "source not generated: " + e.getMessage());
            }
            double setupSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> rows = new LinkedHashMap<>();
            tables.forEach(t -> rows.put(t.name(), t.rows()));
            long total = rows.values().stream().mapToLong(Long::longValue).sum();
            report.source(dataset, rows, total, setupSeconds);
            SourceDigests digests = new SourceDigests(source, tables);
            ServiceRun service = new ServiceRun(settings, dataset, source, tables, digests, cleanup);
            List<LatencyResult> results = new ArrayList<>();
            for (long latency : settings.latenciesFor(dataset.name())) {
                System.out.printf("%n[benchmark] %s at source latency %d ms ...%n", dataset.name(), latency);
                LatencyResult result;
                try {
                    result = service.run(latency);
                } catch (Exception e) {
                    e.printStackTrace(System.out);
                    result = new LatencyResult(dataset.name(), latency, MachineInfo.readLoadAverage(), null, null, null,
                            Map.of(), List.of(), List.of(), false, null, null, null, null,
                            dataset.name() + " at " + latency + " ms broke off: " + e, null, null, null);
                }
                results.add(result);
                report.latency(result);
            }
            double jsonMb = results.stream().filter(r -> r.drain() != null).findFirst()
                    .map(r -> r.drain().jsonBytes() / 1e6).orElse(0.0);
            return new ScenarioResult(dataset.name(), dataset.description(), setupSeconds, rows, total, jsonMb, results,
                    null);
        } finally {
            cleanup.close(source);
        }
    }
}
