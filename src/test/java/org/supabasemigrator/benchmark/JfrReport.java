package org.supabasemigrator.benchmark;

import java.nio.file.Path;

/**
 * Prints the benchmark's summary of any Flight Recorder file, e.g. one kept from an earlier benchmark run:
 * {@code mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.supabasemigrator.benchmark.JfrReport
 * -Dexec.args="target/benchmark/service-bot-0ms.jfr [own package prefix]"}. The whole recording counts.
 */
public final class JfrReport {

    private JfrReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: JfrReport <file.jfr> [own package prefix, default org.supabasemigrator.]");
        }
        String own = args.length > 1 ? args[1] : "org.supabasemigrator.";
        JfrSummary.Summary summary = new JfrSummary(own, port -> port == 5432 ? "database :5432" : null)
                .read(Path.of(args[0]), null, null);
        new BenchmarkReport(System.out, BenchmarkSettings.SERVICE_DEFAULT_CONCURRENCY).profile("profile", summary);
    }
}
