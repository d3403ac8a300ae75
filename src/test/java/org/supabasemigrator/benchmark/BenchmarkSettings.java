package org.supabasemigrator.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's parameters, read from system properties so one Maven command sets them
 * ({@code mvn -Pbenchmark verify -Dbench.rows=200000 -Dbench.latencies=0,150}).
 *
 * @param rows           clients rows in the source (bench.rows)
 * @param latenciesMs    per-response delay of the PostgREST-compatible server, one scenario each (bench.latencies)
 * @param heap           the service's -Xmx (bench.heap)
 * @param output         JSON results file (bench.output)
 * @param concurrency    MIGRATOR_SOURCE_CONCURRENCY for the service, or null for its default (bench.concurrency)
 * @param jfr            record a JFR profile of the service and print its hot methods (bench.jfr)
 * @param serviceJvmArgs extra JVM options for the service, space separated (bench.serviceJvmArgs)
 * @param quietWaitSeconds how long each measurement waits for the machine to be quiet (bench.quietWaitSeconds)
 * @param warmup         run the migration once before the measured run, so the service's JIT compiler has done
 *                       its work, as it has early in any migration of millions of rows (bench.warmup)
 */
public record BenchmarkSettings(long rows, List<Long> latenciesMs, String heap, String output, String concurrency,
        boolean jfr, List<String> serviceJvmArgs, long quietWaitSeconds, boolean warmup) {

    public static BenchmarkSettings fromSystemProperties() {
        String concurrency = System.getProperty("bench.concurrency", "").trim();
        String jvmArgs = System.getProperty("bench.serviceJvmArgs", "").trim();
        return new BenchmarkSettings(
                Long.parseLong(System.getProperty("bench.rows", "200000").trim()),
                Arrays.stream(System.getProperty("bench.latencies", "0,150").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList(),
                System.getProperty("bench.heap", "512m").trim(),
                System.getProperty("bench.output", "target/benchmark/results.json").trim(),
                concurrency.isEmpty() ? null : concurrency,
                Boolean.parseBoolean(System.getProperty("bench.jfr", "false").trim()),
                jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+")),
                Long.parseLong(System.getProperty("bench.quietWaitSeconds", "180").trim()),
                Boolean.parseBoolean(System.getProperty("bench.warmup", "true").trim()));
    }

    public BenchmarkSettings {
        if (rows < 1 || latenciesMs.isEmpty()) {
            throw new IllegalArgumentException("bench.rows must be >= 1 and bench.latencies must name a latency");
        }
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
}
