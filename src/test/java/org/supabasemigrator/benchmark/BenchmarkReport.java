package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The results for people (a readable block per scenario on stdout) and for tools (JSON at bench.output). */
final class BenchmarkReport {

    private final PrintStream out;

    BenchmarkReport(PrintStream out) {
        this.out = out;
    }

    void machine(MachineInfo m, BenchmarkSettings s) {
        out.println();
        out.println("=== supabase-migrator benchmark ===");
        line("machine", "%d cores (nproc), %.1f GB RAM, %s; %s; %s", m.cores(), m.memoryGb(), m.cpuModel(), m.java(),
                m.postgres().replaceAll(" on .*", ""));
        line("load average", "%s at start", m.loadAverage());
        line("settings", "rows=%d latencies=%s ms heap=%s concurrency=%s page size=%d (server cap %d) jfr=%s"
                + " quiet wait=%ds", s.rows(), s.latenciesMs(), s.heap(),
                s.concurrency() == null ? "service default" : s.concurrency(), ServiceScenario.PAGE_SIZE,
                ServiceScenario.PAGE_SIZE, s.jfr(), s.quietWait().toSeconds());
    }

    void dataset(BenchmarkResults.Dataset d) {
        BenchmarkSource.RowSize size = d.clientsRowSize();
        out.println();
        out.println("--- source dataset ---");
        line("clients", "%,d rows; avg row_to_json %.0f chars / %.0f bytes; as served (json columns ::text) %.0f bytes;"
                + " %s on disk", d.clientsRows(), size.jsonChars(), size.jsonBytes(), size.servedBytes(), size.tableSize());
        line("all tables", "%s", d.tableRows());
        line("generated in", "%.1f s", d.setupSeconds());
    }

    void references(BenchmarkResults.References r) {
        out.println();
        out.println("--- references at latency 0 (clients only, into an empty table) ---");
        copy("(a) psql pipe", r.pipe());
        copy("(c) COPY FROM only", r.copyIn());
    }

    void scenario(ScenarioResult r) {
        out.println();
        out.printf("--- service, source latency %d ms: %s ---%n", r.latencyMs(), r.passed() ? "PASS" : "FAIL");
        line("load average", "%s at start", r.loadAverageAtStart());
        line("run", "%s (run %d)%s; %.2f s POST->%s observed, %.2f s as recorded; %,d rows in all tables: %,.0f rows/s",
                r.state(), r.runId(), r.error() == null ? "" : " error: " + r.error(), r.runObservedSeconds(), r.state(),
                r.runServiceSeconds(), r.totalRows(), r.allRowsPerSecond());
        line("clients", "%,d rows in %.2f s: %,.0f rows/s, %.2f MB/s of JSON%s", r.clientsRows(), r.clientsSeconds(),
                r.clientsRowsPerSecond(), r.clientsJsonMbPerSecond(), r.coldClientsRowsPerSecond() == null ? ""
                        : String.format("; the warm-up run before it (first after start, JIT cold): %,.0f rows/s",
                                r.coldClientsRowsPerSecond()));
        line("memory", "peak heap used %.0f MB (committed %.0f MB, %d samples a second apart), peak RSS (VmHWM) %.0f MB;"
                + " GC %d pauses, %.2f s", r.peakHeapUsedMb(), r.peakHeapCommittedMb(), r.heapSamples(), r.peakRssMb(),
                r.gcPauses(), r.gcPauseSeconds());
        cpu("cpu (whole run)", r.cpu());
        if (r.clientsReadingCpu() != null) {
            cpu("cpu (clients read)", r.clientsReadingCpu());
        }
        ServiceProgress p = r.serviceProgress();
        line("service pages", "first 10%% of clients (after the first page) %.2f s = %.0f ms/page, last 10%% %.2f s"
                + " = %.0f ms/page (run view polled every 250 ms, interpolated)", p.first10PercentSeconds(), p.first10PercentMeanPageMs(),
                p.last10PercentSeconds(), p.last10PercentMeanPageMs());
        if (r.serviceTimers().isEmpty()) {
            line("service timers", "none exposed (no migrator_source_request_seconds, no per-route timers)");
        }
        for (ServiceTimers.Timer t : r.serviceTimers().stream().filter(t -> t.count() > 2).limit(16).toList()) {
            line("service timer", "%-44s %,7d x  total %8.2f s  mean %8.1f ms  max %8.1f ms", t.what(), t.count(),
                    t.totalSeconds(), t.meanMs(), t.maxMs());
        }
        SourceDrain.Result d = r.drain();
        PageTimes pt = d.pageTimes();
        line("(b) drain", "%,d rows, %d pages, %.1f MB in %.2f s: %,.0f rows/s, %.2f MB/s; machine %.0f%% busy", d.rows(),
                pt.pages(), d.bodyBytes() / 1e6, d.seconds(), d.rowsPerSecond(), d.mbPerSecond(),
                d.machineBusyShare() * 100);
        line("(b) page times", "mean %.1f ms, p50 %.1f, p95 %.1f, max %.1f; first 10%% mean %.1f ms, last 10%% mean"
                + " %.1f ms", pt.meanMs(), pt.p50Ms(), pt.p95Ms(), pt.maxMs(), pt.first10PercentMeanMs(),
                pt.last10PercentMeanMs());
        for (ContentDigest.Comparison c : r.content()) {
            if (c.table().equals("clients") || !c.equal()) {
                line("content " + c.table(), "%s: source %,d rows md5 %s, target %,d rows md5 %s", c.equal() ? "PASS"
                        : "FAIL", c.source().rows(), c.source().md5(), c.target().rows(), c.target().md5());
            }
        }
        line("content all", "%s (%d tables compared by count and hash of every row's text)",
                r.contentEqual() ? "PASS" : "FAIL", r.content().size());
        for (JsonNode t : r.tables()) {
            line("  " + t.path("table").asText(), "%s source %s written %s dead %s verified %s", t.path("state").asText(),
                    t.path("sourceRows").asText(), t.path("written").asText(), t.path("deadLettered").asText(),
                    t.path("verified").asText());
        }
        line("service log", "%s", r.serviceLog());
        if (r.profile() != null) {
            profile(r.profile());
        }
    }

    void ratios(Map<String, Double> ratios) {
        out.println();
        out.println("--- ratios (clients table seconds; lower is better for the service) ---");
        ratios.forEach((name, value) -> out.printf(Locale.ROOT, "  %-36s %6.2f x%n", name, value));
    }

    void targets(List<BenchmarkResults.Target> targets) {
        out.println();
        out.println("--- throughput targets (clients rows/s over the reference's; higher is better) ---");
        targets.forEach(t -> out.printf(Locale.ROOT, "  %-36s %6.2f x   target >= %.1f: %s%n", t.name(), t.ratio(),
                t.target(), t.met() ? "met" : "NOT met"));
    }

    void verdict(BenchmarkResults results, Path json) {
        out.println();
        out.println("Benchmark " + results.verdict() + (results.failures().isEmpty() ? "" : ": " + results.failures())
                + "; throughput targets met: " + results.targets().stream().filter(BenchmarkResults.Target::met).count()
                + " of " + results.targets().size());
        out.println("JSON results: " + json.toAbsolutePath());
        out.println();
    }

    static void writeJson(BenchmarkResults results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
    }

    private void profile(JfrProfile.Summary s) {
        line("profile", "%s, %,d execution samples", s.file(), s.executionSamples());
        top("  hot (self)", s.topSelfMethods(), s.executionSamples(), 15);
        top("  service frame", s.topServiceFrames(), s.executionSamples(), 10);
        top("  package (self)", s.topSelfPackages(), s.executionSamples(), 10);
        top("  thread", s.topThreads(), s.executionSamples(), 8);
        s.topAllocationMb().entrySet().stream().limit(10)
                .forEach(e -> line("  allocation", "%,d MB %s", e.getValue(), e.getKey()));
    }

    private void top(String label, Map<String, Long> counts, long total, int n) {
        counts.entrySet().stream().limit(n).forEach(e -> line(label, "%5.1f%% %s", 100.0 * e.getValue() / total,
                e.getKey()));
    }

    private void copy(String label, CopyResult c) {
        line(label, "%,d rows in %.2f s: %,.0f rows/s (%.1f MB/s of the same rows as JSON); machine %.0f%% busy;"
                + " content %s", c.rows(), c.seconds(), c.rowsPerSecond(), c.jsonMbPerSecond(), c.machineBusyShare() * 100,
                c.contentEqual() ? "PASS" : "FAIL");
    }

    private void cpu(String label, CpuTimes.Usage cpu) {
        String byRole = cpu.postgresSecondsByRole().entrySet().stream()
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        line(label, "service %.1f s, this JVM (PostgREST server) %.1f s, PostgreSQL %.1f s (%s) over %.1f s wall x %d"
                + " cores: benchmark %.0f%% of the machine; whole machine busy %.1f s, other processes ~%.1f s (%.0f%%)",
                cpu.serviceSeconds(), cpu.benchmarkJvmSeconds(), cpu.postgresSeconds(), byRole, cpu.wallSeconds(),
                Runtime.getRuntime().availableProcessors(), cpu.benchmarkShare() * 100, cpu.machineBusySeconds(),
                cpu.othersSeconds(), cpu.othersShare() * 100);
    }

    private void line(String label, String format, Object... args) {
        out.printf(Locale.ROOT, "  %-20s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
