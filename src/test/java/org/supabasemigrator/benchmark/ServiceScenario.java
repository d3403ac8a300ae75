package org.supabasemigrator.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.TestDatabase;
import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scenario: the source served at one latency, an empty target, the packaged service started as a process
 * with the benchmark's heap, one run of all tables through the control API, measured from outside (time, heap,
 * RSS, CPU, progress) and checked for content; then the source drained at the same latency (reference b).
 */
final class ServiceScenario {

    /** Supabase's cap, and the service's default page size. */
    static final int PAGE_SIZE = 1000;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(60);

    private final BenchmarkSettings settings;
    private final TestDatabase source;
    private final Cleanup cleanup;

    ServiceScenario(BenchmarkSettings settings, TestDatabase source, Cleanup cleanup) {
        this.settings = settings;
        this.source = source;
        this.cleanup = cleanup;
    }

    ScenarioResult run(long latencyMs) throws Exception {
        PostgrestServer server = cleanup.add(PostgrestServer.start(PostgrestServer.Config.builder(source.jdbcUrl())
                .user(TestDatabase.USER).password(TestDatabase.PASSWORD).apikey(MigrationFixture.KEY)
                .maxRows(PAGE_SIZE).latencyMs(latencyMs).threads(16).build()));
        TestDatabase target = cleanup.add(TestDatabase.create("bench_tgt").run("botdb/schema.sql"));
        ServiceProcess service = null;
        try {
            service = cleanup.add(startService(server, target, latencyMs));
            return measure(server, target, service, latencyMs);
        } finally {
            // the service first: its target must not be dropped under it
            if (service != null) {
                cleanup.close(service);
            }
            cleanup.close(server);
            cleanup.close(target);
        }
    }

    private ServiceProcess startService(PostgrestServer server, TestDatabase target, long latencyMs) throws Exception {
        Path log = log(latencyMs);
        Files.deleteIfExists(log);
        Map<String, String> env = new HashMap<>(ServiceProcess.environment(server.baseUrl(),
                MigrationFixture.KEY, target, MigrationFixture.TOKEN));
        if (settings.concurrency() != null) {
            env.put("MIGRATOR_SOURCE_CONCURRENCY", settings.concurrency());
        }
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + settings.heap()));
        jvmArgs.addAll(settings.serviceJvmArgs());
        return ServiceProcess.start(env, jvmArgs, log);
    }

    private Path log(long latencyMs) {
        return settings.workDirectory().resolve("service-" + latencyMs + "ms.log");
    }

    private ScenarioResult measure(PostgrestServer server, TestDatabase target, ServiceProcess service, long latencyMs)
            throws Exception {
        Path work = settings.workDirectory();
        Path log = log(latencyMs);
        Double coldRowsPerSecond = settings.warmup() ? warmUp(target, service, latencyMs) : null;
        target.execute("CHECKPOINT"); // the target's setup is not flushed during the timed run
        MachineLoad.awaitQuiet("the service run at " + latencyMs + " ms", settings.quietWait());
        String load = MachineInfo.readLoadAverage();
        JfrProfile jfr = settings.jfr() ? JfrProfile.start(service.pid(), work.resolve("service-" + latencyMs + "ms.jfr")) : null;
        MetricsSampler sampler = cleanup.add(new MetricsSampler(service.baseUrl()).start());
        CpuTimes cpu = CpuTimes.start(service.pid());
        RunWatcher.Outcome outcome;
        try {
            outcome = new RunWatcher(service.baseUrl(), MigrationFixture.TOKEN).run("clients", RUN_TIMEOUT, service.pid());
        } catch (Exception e) {
            throw new IllegalStateException("run at " + latencyMs + " ms broke off (" + e + "); service "
                    + (service.isAlive() ? "still alive" : "gone") + ", last lines of " + log + ":\n"
                    + tail(service.output(), 15), e);
        } finally {
            cleanup.close(sampler);
        }
        CpuTimes.Usage cpuUsage = cpu.stop();
        MetricsSampler.Peaks peaks = sampler.stop();
        ProcessMemory.Resident rss = ProcessMemory.of(service.pid()); // VmHWM: only while the process lives
        if (jfr != null) {
            jfr.stop();
        }
        Files.writeString(work.resolve("metrics-" + latencyMs + "ms.txt"), peaks.lastText());
        cleanup.close(service); // stopped before the comparison and the drain, which it must not compete with

        JsonNode view = outcome.view();
        JsonNode clients = table(view, "clients");
        long clientsRows = clients.path("written").asLong();
        long totalRows = 0;
        for (JsonNode t : view.path("tables")) {
            totalRows += t.path("written").asLong();
        }
        double clientsSeconds = clientsSeconds(target, outcome.id(), clients);
        double runServiceSeconds = seconds(view.path("createdAt").asText(null), view.path("finishedAt").asText(null));
        List<ContentDigest.Comparison> content = ContentDigest.compareAll(source, target, MigrationFixture.TABLES);

        MachineLoad.awaitQuiet("(b) drain at " + latencyMs + " ms", settings.quietWait());
        SourceDrain.Result drain = new SourceDrain(server.baseUrl(), MigrationFixture.KEY)
                .drain("clients", BenchmarkSource.selectList(source, "clients"), PAGE_SIZE, latencyMs);

        PrometheusText metrics = PrometheusText.parse(peaks.lastText());
        return new ScenarioResult(latencyMs, load, outcome.id(), outcome.state(), view.path("error").asText(null),
                outcome.observedSeconds(), runServiceSeconds, clientsSeconds, clientsRows, totalRows,
                clientsRows / clientsSeconds, totalRows / outcome.observedSeconds(),
                drain.bodyBytes() / 1e6 / clientsSeconds, peaks.heapUsedBytes() / (1024 * 1024),
                peaks.heapCommittedBytes() / (1024 * 1024), peaks.samples(), rss.peakMb(),
                (long) metrics.sum("jvm_gc_pause_seconds_count", l -> true),
                metrics.sum("jvm_gc_pause_seconds_sum", l -> true), cpuUsage, outcome.readingCpu(),
                ServiceProgress.of(outcome.progress(), clientsRows, PAGE_SIZE), ServiceTimers.of(metrics), drain,
                content, content.stream().allMatch(ContentDigest.Comparison::equal), view.path("tables"),
                log.toString(), jfr == null ? null : jfr.summarize(), coldRowsPerSecond);
    }

    /**
     * The same migration once before the measured one, then the target emptied again: the measured run starts
     * with the service's hot paths compiled, as in any long migration. Returns the warm-up's clients rows/s.
     */
    private Double warmUp(TestDatabase target, ServiceProcess service, long latencyMs) throws Exception {
        MachineLoad.awaitQuiet("the warm-up run at " + latencyMs + " ms", settings.quietWait());
        RunWatcher.Outcome warmup = new RunWatcher(service.baseUrl(), MigrationFixture.TOKEN).run("clients", RUN_TIMEOUT, service.pid());
        if (!warmup.state().equals("SUCCEEDED")) {
            throw new IllegalStateException("warm-up run at " + latencyMs + " ms ended " + warmup.state() + ": " + warmup.view());
        }
        JsonNode clients = table(warmup.view(), "clients");
        double rowsPerSecond = clients.path("written").asLong() / clientsSeconds(target, warmup.id(), clients);
        target.execute("TRUNCATE " + String.join(", ", MigrationFixture.TABLES.keySet()) + " CASCADE");
        System.out.printf("[benchmark] warm-up run at %d ms: clients %,.0f rows/s; target emptied for the measured run%n",
                latencyMs, rowsPerSecond);
        return rowsPerSecond;
    }

    /** The clients table's own time: from the run view if it carries table times, else from the bookkeeping. */
    private static double clientsSeconds(TestDatabase target, long runId, JsonNode clients) {
        if (clients.hasNonNull("startedAt") && clients.hasNonNull("finishedAt")) {
            return seconds(clients.get("startedAt").asText(), clients.get("finishedAt").asText());
        }
        List<List<String>> rows = target.rows("SELECT extract(epoch FROM finished_at - started_at)"
                + " FROM migrator.table_progress WHERE run_id = " + runId + " AND table_name = 'clients'");
        return rows.isEmpty() || rows.get(0).get(0) == null ? Double.NaN : Double.parseDouble(rows.get(0).get(0));
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static JsonNode table(JsonNode view, String name) {
        for (JsonNode t : view.path("tables")) {
            if (t.path("table").asText().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("run view has no table " + name + ": " + view);
    }

    private static double seconds(String from, String to) {
        if (from == null || to == null) {
            return Double.NaN;
        }
        return Duration.between(Instant.parse(from), Instant.parse(to)).toNanos() / 1e9;
    }
}
