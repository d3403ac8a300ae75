package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.List;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Whole-run figures of the packaged service on this machine (issue 20, item 5): for each scenario, the time from
 * {@code POST /api/migrations} to SUCCEEDED (every table, verification included, default settings, -Xmx256m) at
 * each source latency, against ONE sequential reader draining every page of every table from the same server at
 * the same latency, and against itself at 0 ms; the content of every table compared; memory, CPU and (bench.jfr)
 * a profile of the whole run.
 *
 * <pre>
 * mvn -Pbenchmark verify [-Dbench.scenarios=bot,app,many-tables,large-rows] [-Dbench.latencies=0,150]
 *     [-Dbench.scale=1] [-Dbench.largeRowsLatencies=0] [-Dbench.largeRows=1000000 -Dbench.hugeRows=100000]
 *     [-Dbench.heap=256m] [-Dbench.jfr=true] [-Dbench.output=target/benchmark/results.json]
 * </pre>
 *
 * Scenarios: "bot" (the bot's schema at 100x seed size), "app" (uuid, text and composite keys), "many-tables"
 * (60 small tables) and "large-rows" (1,000,000 rows of 2 KB and 100,000 of 50 KB; 0 ms only unless told).
 * Every database it creates is dropped and every process it starts is stopped, also when it fails; a run that
 * does not succeed or content that differs fails the command after the report is printed and written.
 */
public final class MigrationBenchmark {

    private MigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        BenchmarkReport report = new BenchmarkReport(System.out, settings.sourceConcurrency());
        BenchmarkResults results;
        try (Cleanup cleanup = new Cleanup()) {
            MachineInfo machine;
            try (TestDatabase probe = TestDatabase.create("bench_probe")) {
                machine = MachineInfo.current(probe);
            }
            report.machine(machine, settings);
            if (settings.jsonReader()) {
                JsonReaderBenchmark.Result reader = JsonReaderBenchmark.run(System.out, 60, 5);
                BenchmarkReport.writeJson(reader, settings.outputPath().resolveSibling("json-reader.json"));
            }
            ScenarioRunner runner = new ScenarioRunner(settings, cleanup, report);
            List<ScenarioResult> scenarios = new ArrayList<>();
            for (String name : settings.scenarios()) {
                scenarios.add(runner.run(dataset(name, settings)));
                // written after every scenario, so a long benchmark that is cut short leaves what it measured
                write(settings, machine, scenarios);
            }
            results = write(settings, machine, scenarios);
            report.figures(results.figures());
            report.targets(results.targets());
            report.verdict(results, settings.outputPath());
        }
        if (!results.failures().isEmpty()) {
            throw new IllegalStateException("benchmark FAILED: " + results.failures());
        }
    }

    private static BenchmarkResults write(BenchmarkSettings settings, MachineInfo machine, List<ScenarioResult> scenarios)
            throws Exception {
        List<BenchmarkResults.Target> targets = Targets.of(scenarios);
        List<String> failures = Targets.failures(targets);
        BenchmarkResults results = new BenchmarkResults(failures.isEmpty() ? "PASS" : "FAIL", failures,
                scenarios.stream().map(s -> Figures.of(s, settings.sourceConcurrency())).toList(), targets, settings, machine, List.copyOf(scenarios));
        BenchmarkReport.writeJson(results, settings.outputPath());
        return results;
    }

    private static SourceDataset dataset(String name, BenchmarkSettings settings) {
        return switch (name) {
            case "bot" -> new BotDataset(settings);
            case "app" -> new AppDataset(settings);
            case "many-tables" -> new ManyTablesDataset(settings);
            case "large-rows" -> new LargeRowsDataset(settings);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }
}
