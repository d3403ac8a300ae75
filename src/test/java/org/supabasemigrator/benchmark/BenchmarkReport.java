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

/** The results for people (a readable block per scenario and latency, then the targets) and for tools (JSON). */
final class BenchmarkReport {

    private final PrintStream out;
    private final int inFlight;

    /** @param inFlight the service's source requests in flight at most (MIGRATOR_SOURCE_CONCURRENCY) */
    BenchmarkReport(PrintStream out, int inFlight) {
        this.out = out;
        this.inFlight = inFlight;
    }

    void machine(MachineInfo m, BenchmarkSettings s) {
        out.println();
        out.println("=== supabase-migrator benchmark: whole runs, POST /api/migrations -> SUCCEEDED ===");
        line("machine", "%d cores (nproc), %.1f GB RAM, %s; %s; %s", m.cores(), m.memoryGb(), m.cpuModel(), m.java(),
                m.postgres().replaceAll(" on .*", ""));
        line("load average", "%s at start", m.loadAverage());
        line("settings", "scenarios=%s latencies=%s ms (large-rows %s) scale=%s heap=%s concurrency=%d busy connections=%s"
                + " warm-up=%s jfr=%s quiet wait=%ds", s.scenarios(), s.latenciesMs(), s.largeRowsLatenciesMs(), s.scale(),
                s.heap(), s.sourceConcurrency(), s.busyConnections() == null ? "service default" : s.busyConnections(),
                s.warmup(), s.jfr(), s.quietWait().toSeconds());
        line("service", "default settings, every table discovered (MIGRATOR_TABLES unset), verification default"
                + " (in-flight); source capped at %d rows a page", ServiceRun.PAGE_CAP);
    }

    void source(SourceDataset dataset, Map<String, Long> rows, long total, double setupSeconds) {
        out.println();
        out.printf(Locale.ROOT, "=== scenario %s: %s ===%n", dataset.name(), dataset.description());
        line("source", "%d tables, %,d rows, generated in %.1f s", rows.size(), total, setupSeconds);
        if (rows.size() <= 12) {
            line("tables", "%s", rows.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")));
        }
    }

    void latency(LatencyResult r) {
        out.println();
        out.printf("--- %s at %d ms source latency: %s ---%n", r.scenario(), r.latencyMs(), r.passed() ? "PASS" : "FAIL");
        line("load average", "%s at start", r.loadAverageAtStart());
        if (r.failure() != null) {
            line("FAILURE", "%s", r.failure());
        }
        LatencyResult.Run run = r.run();
        if (run != null) {
            line("service run", "%s (run %d): %.2f s POST->end observed, %.2f s as recorded; %,d rows written,"
                    + " %,.0f rows/s%s", run.state(), run.id(), run.observedSeconds(), run.recordedSeconds(),
                    run.rowsWritten(), run.rowsPerSecond(), run.coldSeconds() == null ? ""
                            : String.format(Locale.ROOT, "; warm-up run before it (JIT cold) %s in %.2f s", run.coldState(),
                                    run.coldSeconds()));
            if (run.error() != null) {
                line("run error", "%s", run.error());
            }
            line("source requests", "%,d by the service (retries %d); the drain needed %,d pages; %d at once, each as long"
                    + " as the drain's mean page, take at least %.2f s", run.sourceRequests(), run.sourceRetries(),
                    r.drain() == null ? 0 : r.drain().pages(), inFlight, r.roundTripFloorSeconds(inFlight));
            spans(run);
            for (JsonNode t : run.tables()) {
                if (!t.path("state").asText().equals("SUCCEEDED") || run.tables().size() <= 12) {
                    line("  " + t.path("table").asText(), "%s source %s written %s dead %s compared %s verified %s%s",
                            t.path("state").asText(), t.path("sourceRows").asText(), t.path("written").asText(),
                            t.path("deadLettered").asText(), t.path("compared").asText(), t.path("verified").asText(),
                            t.path("error").isNull() || t.path("error").isMissingNode() ? "" : " error: " + t.path("error").asText());
                }
            }
        }
        LatencyResult.Memory m = r.memory();
        if (m != null) {
            line("memory", "peak heap %.0f MB before a GC (heap then %.0f MB; sampled peak %.0f MB in %d samples);"
                    + " peak RSS %.0f MB; %d GCs (%d full), %.2f s paused", m.peakHeapMb(), m.heapCapacityMb(),
                    m.sampledPeakHeapMb(), m.heapSamples(), m.peakRssMb(), m.gcCount(), m.fullGcCount(), m.gcPauseSeconds());
        }
        if (r.cpu() != null) {
            cpu("cpu (run)", r.cpu());
        }
        if (!r.serviceThreadCpu().isEmpty()) {
            line("service threads", "%s", r.serviceThreadCpu().entrySet().stream().limit(10)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
        }
        for (ServiceTimers.Timer t : r.serviceTimers().stream().limit(8).toList()) {
            line("service timer", "%-44s %,7d x  total %8.2f s  mean %8.1f ms  max %8.1f ms", t.what(), t.count(),
                    t.totalSeconds(), t.meanMs(), t.maxMs());
        }
        drain("drain (gzip)", r.drain());
        drain("drain (no gzip)", r.plainDrain());
        if (r.drain() != null && r.plainDrain() != null) {
            line("gzip effect", "%.1f MB on the wire instead of %.1f MB (%.1f x less); drain %.2f s with, %.2f s without",
                    r.drain().wireBytes() / 1e6, r.plainDrain().wireBytes() / 1e6,
                    r.plainDrain().wireBytes() / (double) Math.max(1, r.drain().wireBytes()), r.drain().seconds(),
                    r.plainDrain().seconds());
        }
        if (r.pipe() != null) {
            line("psql pipe", "%,d rows of every table in %.2f s (no REST, no JSON); machine %.0f%% busy; content %s",
                    r.pipe().rows(), r.pipe().seconds(), r.pipe().machineBusyShare() * 100, r.pipe().contentEqual() ? "PASS" : "FAIL");
        }
        if (run != null && r.drain() != null) {
            line("ratio", "drain %.2f s / service %.2f s = %.2f", r.drain().seconds(), run.observedSeconds(),
                    r.drain().seconds() / run.observedSeconds());
        }
        for (ContentDigest.Comparison c : r.content()) {
            if (!c.equal()) {
                line("content " + c.table(), "FAIL: source %,d rows md5 %s, target %,d rows md5 %s", c.source().rows(),
                        c.source().md5(), c.target().rows(), c.target().md5());
            }
        }
        line("content", "%s (%d tables compared by count and md5 of every row's text in key order)",
                r.contentEqual() ? "PASS" : "FAIL", r.content().size());
        line("service log", "%s", r.serviceLog());
        if (r.serviceLogTail() != null) {
            out.println("  service log tail:");
            r.serviceLogTail().lines().forEach(l -> out.println("    | " + l));
        }
        if (r.serviceProfile() != null) {
            profile("service profile", r.serviceProfile());
        }
        if (r.serverProfile() != null) {
            profile("server profile", r.serverProfile());
        }
    }

    void figures(List<Figures> figures) {
        out.println();
        out.println("=== figures: whole runs, seconds from POST to the end (warm JIT; the cold warm-up run in parentheses) ===");
        for (Figures f : figures) {
            out.printf(Locale.ROOT, "  %-12s %,9d rows %3d tables %8.1f MB JSON  %s%n", f.scenario(), f.rows(), f.tables(),
                    f.jsonMb(), f.outcome());
            f.serviceSeconds().forEach((latency, seconds) -> out.printf(Locale.ROOT,
                    "      %4d ms: service %8.2f s (cold %s)  drain %8.2f s  drain/service %5.2f  round-trip floor %6.2f s%s%n",
                    latency, seconds,
                    f.coldServiceSeconds().containsKey(latency) ? String.format(Locale.ROOT, "%.2f s",
                            f.coldServiceSeconds().get(latency)) : "-",
                    f.drainSeconds().getOrDefault(latency, Double.NaN),
                    f.drainSeconds().getOrDefault(latency, Double.NaN) / seconds,
                    f.roundTripFloors().getOrDefault(latency, Double.NaN),
                    f.latencyRatios().containsKey(latency) ? String.format(Locale.ROOT, "  service_0ms/service_%dms %5.2f",
                            latency, f.latencyRatios().get(latency)) : ""));
            out.printf(Locale.ROOT, "      memory: peak heap %.0f MB (GC log), peak RSS %.0f MB%s%s%n", f.peakHeapMb(),
                    f.peakRssMb(), f.wireMbPlain() == null ? "" : String.format(Locale.ROOT,
                            "; gzip: %.1f MB on the wire instead of %.1f MB, drain %.2f s instead of %.2f s", f.wireMbGzip(),
                            f.wireMbPlain(), f.drainSecondsGzip0ms(), f.drainSecondsPlain0ms()),
                    f.pipeSeconds0ms() == null ? "" : String.format(Locale.ROOT, "; psql pipe %.2f s", f.pipeSeconds0ms()));
        }
    }

    void targets(List<BenchmarkResults.Target> targets) {
        out.println();
        out.println("=== targets (issue 20, item 5) ===");
        for (BenchmarkResults.Target t : targets) {
            String value = t.value() == null ? "" : String.format(Locale.ROOT, "%7.2f %s %-5s", t.value(),
                    t.atLeast() ? ">=" : "<=", String.format(Locale.ROOT, "%.2f", t.threshold()));
            out.printf(Locale.ROOT, "  %-4s %-12s %-40s %-20s %s%n", t.met() ? "PASS" : "FAIL", t.scenario(), t.name(), value,
                    t.detail());
        }
    }

    void verdict(BenchmarkResults results, Path json) {
        out.println();
        long met = results.targets().stream().filter(BenchmarkResults.Target::met).count();
        out.println("Benchmark " + results.verdict() + (results.failures().isEmpty() ? "" : ": " + results.failures())
                + "; targets met: " + met + " of " + results.targets().size());
        out.println("JSON results: " + json.toAbsolutePath());
        out.println();
    }

    static void writeJson(Object results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
    }

    private void spans(LatencyResult.Run run) {
        List<RunWatcher.TableSpan> spans = List.copyOf(run.spans().values());
        if (spans.size() <= 12) {
            line("table spans", "seen running - seen ended, s after POST: %s", spans.stream()
                    .map(s -> String.format(Locale.ROOT, "%s %.1f-%.1f", s.table(), s.firstSeenRunningSeconds(),
                            s.seenEndedSeconds())).collect(Collectors.joining(", ")));
        }
        line("tables at once", "%d tables: first seen running %.1f s after POST, last seen ended %.1f s; up to %d seen"
                + " running at once", spans.size(), spans.stream().mapToDouble(RunWatcher.TableSpan::firstSeenRunningSeconds)
                        .min().orElse(Double.NaN), spans.stream().mapToDouble(RunWatcher.TableSpan::seenEndedSeconds).max()
                        .orElse(Double.NaN), RunWatcher.TableSpan.mostAtOnce(spans));
    }

    private void drain(String label, SourceDrain.Result d) {
        if (d == null) {
            return;
        }
        PageTimes pt = d.pageTimes();
        line(label, "%,d rows, %,d pages, %.1f MB on the wire (%.1f MB JSON) in %.2f s: %,.0f rows/s, %.1f MB/s of JSON;"
                + " machine %.0f%% busy", d.rows(), d.pages(), d.wireBytes() / 1e6, d.jsonBytes() / 1e6, d.seconds(),
                d.rowsPerSecond(), d.jsonMbPerSecond(), d.machineBusyShare() * 100);
        line("  page times", "mean %.1f ms, p50 %.1f, p95 %.1f, max %.1f", pt.meanMs(), pt.p50Ms(), pt.p95Ms(), pt.maxMs());
    }

    void profile(String label, JfrSummary.Summary s) {
        out.printf(Locale.ROOT, "  %s: %s, %.1f s, %,d execution samples (one per 2 ms a thread ran Java code); JVM %.0f%% of the"
                + " machine's CPU, machine %.0f%% busy; %d GCs %.2f s paused, peak heap %.0f MB%n", label, s.file(),
                s.seconds(), s.executionSamples(), s.jvmCpuShare() * 100, s.machineCpuShare() * 100, s.gcCount(),
                s.gcPauseSeconds(), s.peakHeapUsedMb());
        out.println("    threads (CPU samples, seconds in socket reads / parked / blocked on monitors):");
        s.threads().forEach(t -> out.printf(Locale.ROOT, "      %5.1f%% cpu  read %7.1f s  parked %7.1f s  blocked %6.1f s  %s%n",
                100.0 * t.cpuSamples() / Math.max(1, s.executionSamples()), t.socketReadSeconds(), t.parkSeconds(),
                t.monitorSeconds(), t.threads()));
        top("hot methods (self)", s.hotMethods(), s.executionSamples(), 20);
        top("hot " + s.ownCode() + "* frames (first own frame under the sample)", s.hotOwnFrames(), s.executionSamples(), 15);
        top("hot " + s.ownCode() + "* classes", s.hotOwnClasses(), s.executionSamples(), 12);
        top("hot packages (self)", s.hotPackages(), s.executionSamples(), 8);
        top("native methods (" + s.nativeSamples() + " samples of threads in native code)", s.hotNativeMethods(),
                s.nativeSamples(), 8);
        waits("socket reads by peer", s.socketReadsByPeer());
        waits("socket reads by site", s.socketReadsBySite());
        waits("parked by site", s.parksBySite());
        waits("blocked on monitors by site", s.monitorsBySite());
        out.println("    allocation (MB sampled weight, top frame <- own frame):");
        s.allocationMb().entrySet().stream().limit(8).forEach(e -> out.printf(Locale.ROOT, "      %,8d MB  %s%n", e.getValue(),
                e.getKey()));
    }

    private void top(String label, Map<String, Long> counts, long total, int n) {
        out.println("    " + label + ":");
        counts.entrySet().stream().limit(n).forEach(e -> out.printf(Locale.ROOT, "      %5.1f%%  %s%n",
                100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private void waits(String label, List<JfrSummary.Wait> waits) {
        if (waits.isEmpty()) {
            return;
        }
        out.println("    " + label + ":");
        waits.forEach(w -> out.printf(Locale.ROOT, "      %8.1f s  %,8d x  %8.1f MB  %s%n", w.seconds(), w.count(), w.mb(),
                w.what()));
    }

    private void cpu(String label, CpuTimes.Usage cpu) {
        String byRole = cpu.postgresSecondsByRole().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        line(label, "service %.1f s, this JVM (source server, benchmark) %.1f s, PostgreSQL %.1f s (%s) over %.1f s wall"
                + " x %d cores: benchmark parties %.0f%% of the machine; others ~%.1f s (%.0f%%)", cpu.serviceSeconds(),
                cpu.benchmarkJvmSeconds(), cpu.postgresSeconds(), byRole, cpu.wallSeconds(),
                Runtime.getRuntime().availableProcessors(), cpu.benchmarkShare() * 100, cpu.othersSeconds(),
                cpu.othersShare() * 100);
    }

    private void line(String label, String format, Object... args) {
        out.printf(Locale.ROOT, "  %-18s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
