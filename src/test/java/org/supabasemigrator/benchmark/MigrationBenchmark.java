package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Throughput, memory and page-time figures of the packaged service on this machine, next to what the same rows
 * cost without it: (a) a psql COPY pipe, (b) draining the REST source alone, (c) COPY into the target alone.
 *
 * <pre>
 * mvn -Pbenchmark verify -Dbench.rows=200000 -Dbench.latencies=0,150 -Dbench.heap=512m
 *     [-Dbench.concurrency=4] [-Dbench.output=target/benchmark/results.json] [-Dbench.jfr=true]
 * </pre>
 *
 * Every database it creates is dropped and every process it starts is stopped, also when it fails; a failed
 * run or a content mismatch fails the command after the report is printed and written.
 */
public final class MigrationBenchmark {

    private MigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        BenchmarkReport report = new BenchmarkReport(System.out);
        BenchmarkResults results;
        try (Cleanup cleanup = new Cleanup()) {
            long setupStart = System.nanoTime();
            TestDatabase source = BenchmarkSource.create(settings.rows(), cleanup);
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            MachineInfo machine = MachineInfo.current(source);
            report.machine(machine, settings);
            BenchmarkResults.Dataset dataset = new BenchmarkResults.Dataset(settings.rows(),
                    BenchmarkSource.clientsRowSize(source), tableRows(source), setupSeconds);
            report.dataset(dataset);

            BenchmarkResults.References references = references(source, dataset, settings, cleanup);
            report.references(references);

            List<ScenarioResult> scenarios = new ArrayList<>();
            ServiceScenario scenario = new ServiceScenario(settings, source, cleanup);
            for (long latency : settings.latenciesMs()) {
                System.out.printf("%n[benchmark] service run at source latency %d ms ...%n", latency);
                ScenarioResult result = scenario.run(latency);
                scenarios.add(result);
                report.scenario(result);
            }

            Map<String, Double> ratios = ratios(scenarios, references);
            report.ratios(ratios);
            List<BenchmarkResults.Target> targets = targets(scenarios, references);
            report.targets(targets);
            List<String> failures = failures(scenarios, references);
            results = new BenchmarkResults(settings, machine, dataset, scenarios, references, ratios, targets,
                    failures.isEmpty() ? "PASS" : "FAIL", failures);
            BenchmarkReport.writeJson(results, settings.outputPath());
            report.verdict(results, settings.outputPath());
        }
        if (!results.failures().isEmpty()) {
            throw new IllegalStateException("benchmark FAILED: " + results.failures());
        }
    }

    /** (a) and (c) into a fresh target that holds the company the clients' foreign key needs. */
    private static BenchmarkResults.References references(TestDatabase source, BenchmarkResults.Dataset dataset,
            BenchmarkSettings settings, Cleanup cleanup) throws Exception {
        System.out.printf("%n[benchmark] references: psql pipe and COPY ...%n");
        TestDatabase target = cleanup.add(TestDatabase.create("bench_ref").run("botdb/schema.sql"));
        try {
            CopyLoad.copyTable(source, target, "companies");
            long jsonBytes = dataset.clientsRowSize().servedBytesTotal();
            CopyResult pipe = PipeCopy.run(source, target, jsonBytes, settings.quietWait());
            CopyResult copyIn = CopyLoad.run(source, target, settings.workDirectory(), jsonBytes,
                    settings.quietWait());
            return new BenchmarkResults.References(pipe, copyIn);
        } finally {
            cleanup.close(target);
        }
    }

    private static Map<String, Long> tableRows(TestDatabase source) {
        Map<String, Long> rows = new LinkedHashMap<>();
        MigrationFixture.TABLES.keySet().forEach(t -> rows.put(t, source.count("SELECT count(*) FROM " + t)));
        return rows;
    }

    /** The service's clients time against the references, and against itself at latency 0. */
    private static Map<String, Double> ratios(List<ScenarioResult> scenarios, BenchmarkResults.References references) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        ScenarioResult base = scenarios.stream().filter(s -> s.latencyMs() == 0).findFirst().orElse(null);
        if (base != null) {
            ratios.put("service_0ms / (a) pipe", base.clientsSeconds() / references.pipe().seconds());
            ratios.put("service_0ms / (b) drain_0ms", base.clientsSeconds() / base.drain().seconds());
            ratios.put("service_0ms / (c) COPY in", base.clientsSeconds() / references.copyIn().seconds());
        }
        for (ScenarioResult s : scenarios) {
            ratios.put("service_" + s.latencyMs() + "ms / (b) drain_" + s.latencyMs() + "ms",
                    s.clientsSeconds() / s.drain().seconds());
            if (base != null && s != base) {
                ratios.put("service_" + s.latencyMs() + "ms / service_0ms", s.clientsSeconds() / base.clientsSeconds());
            }
        }
        return ratios;
    }

    /** The throughput targets: at 0 ms against (a) and (b), at any other latency against 0 ms. */
    private static List<BenchmarkResults.Target> targets(List<ScenarioResult> scenarios,
            BenchmarkResults.References references) {
        List<BenchmarkResults.Target> targets = new ArrayList<>();
        ScenarioResult base = scenarios.stream().filter(s -> s.latencyMs() == 0).findFirst().orElse(null);
        if (base == null) {
            return targets;
        }
        targets.add(BenchmarkResults.Target.of("service 0 ms / (a) psql pipe", base.clientsSeconds(),
                references.pipe().seconds(), 0.5));
        targets.add(BenchmarkResults.Target.of("service 0 ms / (b) drain 0 ms", base.clientsSeconds(),
                base.drain().seconds(), 0.8));
        for (ScenarioResult s : scenarios) {
            if (s != base) {
                targets.add(BenchmarkResults.Target.of("service " + s.latencyMs() + " ms / service 0 ms",
                        s.clientsSeconds(), base.clientsSeconds(), 0.7));
            }
        }
        return targets;
    }

    private static List<String> failures(List<ScenarioResult> scenarios, BenchmarkResults.References references) {
        List<String> failures = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (!s.state().equals("SUCCEEDED")) {
                failures.add("run at " + s.latencyMs() + " ms ended " + s.state() + (s.error() == null ? "" : ": " + s.error()));
            }
            s.content().stream().filter(c -> !c.equal()).forEach(c -> failures.add("content of " + c.table() + " at "
                    + s.latencyMs() + " ms differs: source " + c.source() + ", target " + c.target()));
            if (s.drain().rows() != s.clientsRows() && s.state().equals("SUCCEEDED")) {
                failures.add("drain at " + s.latencyMs() + " ms read " + s.drain().rows() + " rows, the service "
                        + s.clientsRows());
            }
        }
        if (!references.pipe().contentEqual()) {
            failures.add("reference (a) pipe copied different content");
        }
        if (!references.copyIn().contentEqual()) {
            failures.add("reference (c) COPY loaded different content");
        }
        return failures;
    }
}
