package org.supabasemigrator.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's parameters, read from system properties so one Maven command sets them
 * ({@code mvn -Pbenchmark verify -Dbench.scenarios=bot,app -Dbench.latencies=0,150}).
 *
 * @param scenarios          scenarios to run, in this order: bot, app, many-tables, large-rows (bench.scenarios)
 * @param latenciesMs        per-response delay of the PostgREST-compatible server; every scenario runs once at each
 *                           (bench.latencies, default 0,150)
 * @param largeRowsLatenciesMs the same for large-rows, which is expensive (bench.largeRowsLatencies, default 0)
 * @param scale              multiplies every scenario's row counts; 1 is the size, 0.1 a quick try
 *                           (bench.scale)
 * @param manyTables         tables of the many-tables scenario (bench.manyTables, 60)
 * @param manyTablesRows     rows of each of them (bench.manyTablesRows, 200)
 * @param largeRows          rows of about {@code largeRowBytes} in large-rows (bench.largeRows, 1,000,000)
 * @param largeRowBytes      their size as served (bench.largeRowBytes, 2000)
 * @param hugeRows           rows of about {@code hugeRowBytes} in large-rows (bench.hugeRows, 100,000)
 * @param hugeRowBytes       their size as served (bench.hugeRowBytes, 50000)
 * @param heap               the service's -Xmx (bench.heap, 256m as the issue asks)
 * @param output             JSON results file (bench.output); logs and profiles go beside it
 * @param concurrency        MIGRATOR_SOURCE_CONCURRENCY for the service, or null for its default (bench.concurrency)
 * @param jfr                profile the service and the source server with Flight Recorder (bench.jfr)
 * @param serviceJvmArgs     extra JVM options for the service, space separated (bench.serviceJvmArgs)
 * @param quietWaitSeconds   how long each measurement waits for the machine to be quiet (bench.quietWaitSeconds)
 * @param warmup             run the migration once before the measured run in the same service process, so its JIT
 *                           compiler has done its work (bench.warmup; large-rows never warms up: its run is long)
 * @param plainDrainScenarios scenarios that also get a drain without Accept-Encoding at latency 0, to show what gzip
 *                           saves on the wire (bench.plainDrain, default bot)
 * @param pipe               also time a psql {@code \copy} pipe of every table at latency 0 (bench.pipe; never for
 *                           large-rows)
 * @param jsonReader         first compare the service's byte-level JSON reader with Jackson's streaming parser
 *                           on the same pages, in this JVM (bench.jsonReader, default true)
 * @param busyConnections    MIGRATOR_SOURCE_BUSY_CONNECTIONS for the service, or null for its default
 *                           (bench.busyConnections)
 */
public record BenchmarkSettings(List<String> scenarios, List<Long> latenciesMs, List<Long> largeRowsLatenciesMs,
        double scale, int manyTables, long manyTablesRows, long largeRows, int largeRowBytes, long hugeRows,
        int hugeRowBytes, String heap, String output, String concurrency, boolean jfr, List<String> serviceJvmArgs,
        long quietWaitSeconds, boolean warmup, Set<String> plainDrainScenarios, boolean pipe, boolean jsonReader,
        String busyConnections) {

    static final List<String> ALL_SCENARIOS = List.of("bot", "app", "many-tables", "large-rows");
    /** The service's default of MIGRATOR_SOURCE_CONCURRENCY, as application.properties sets it. */
    static final int SERVICE_DEFAULT_CONCURRENCY = serviceDefault("migrator.source-concurrency");

    public static BenchmarkSettings fromSystemProperties() {
        String concurrency = property("bench.concurrency", "");
        String busyConnections = property("bench.busyConnections", "");
        String jvmArgs = property("bench.serviceJvmArgs", "");
        return new BenchmarkSettings(
                list(property("bench.scenarios", "bot,app,many-tables,large-rows")),
                longs(property("bench.latencies", "0,150")),
                longs(property("bench.largeRowsLatencies", "0")),
                Double.parseDouble(property("bench.scale", "1")),
                Integer.parseInt(property("bench.manyTables", "60")),
                Long.parseLong(property("bench.manyTablesRows", "200")),
                Long.parseLong(property("bench.largeRows", "1000000")),
                Integer.parseInt(property("bench.largeRowBytes", "2000")),
                Long.parseLong(property("bench.hugeRows", "100000")),
                Integer.parseInt(property("bench.hugeRowBytes", "50000")),
                property("bench.heap", "256m"),
                property("bench.output", "target/benchmark/results.json"),
                concurrency.isEmpty() ? null : concurrency,
                Boolean.parseBoolean(property("bench.jfr", "false")),
                jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+")),
                Long.parseLong(property("bench.quietWaitSeconds", "180")),
                Boolean.parseBoolean(property("bench.warmup", "true")),
                Set.copyOf(list(property("bench.plainDrain", "bot"))),
                Boolean.parseBoolean(property("bench.pipe", "true")),
                Boolean.parseBoolean(property("bench.jsonReader", "true")),
                busyConnections.isEmpty() ? null : busyConnections);
    }

    public BenchmarkSettings {
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("bench.scenarios: unknown scenario " + s + "; known: " + ALL_SCENARIOS);
            }
        }
        if (scenarios.isEmpty() || latenciesMs.isEmpty() || largeRowsLatenciesMs.isEmpty() || scale <= 0
                || manyTables < 1 || manyTablesRows < 1 || largeRows < 1 || hugeRows < 1 || largeRowBytes < 100
                || hugeRowBytes < 100) {
            throw new IllegalArgumentException("bench.scenarios and bench.latencies must name something, bench.scale"
                    + " must be > 0, row counts >= 1 and row sizes >= 100 bytes");
        }
    }

    /** Source requests the service has in flight at most: bench.concurrency, else the service's default. */
    int sourceConcurrency() {
        return concurrency == null ? SERVICE_DEFAULT_CONCURRENCY : Integer.parseInt(concurrency);
    }

    /** The latencies a scenario runs at. */
    List<Long> latenciesFor(String scenario) {
        return scenario.equals("large-rows") ? largeRowsLatenciesMs : latenciesMs;
    }

    /** A row count of the size, scaled by bench.scale (at least 1). */
    long scaled(long rows) {
        return Math.max(1, Math.round(rows * scale));
    }

    public Duration quietWait() {
        return Duration.ofSeconds(quietWaitSeconds);
    }

    public Path outputPath() {
        return Path.of(output);
    }

    /** Where logs, profiles and scratch files go: beside the JSON output. */
    public Path workDirectory() {
        Path parent = outputPath().toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static int serviceDefault(String name) {
        java.util.Properties properties = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("application.properties (the service's defaults) is unreadable", e);
        }
        return Integer.parseInt(properties.getProperty(name).trim());
    }

    private static String property(String name, String fallback) {
        return System.getProperty(name, fallback).trim();
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Long> longs(String text) {
        return list(text).stream().map(Long::parseLong).toList();
    }
}
