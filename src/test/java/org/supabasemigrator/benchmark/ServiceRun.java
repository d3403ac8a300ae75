package org.supabasemigrator.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.TestDatabase;
import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scenario at one latency, measured the way a user waits: the source served at that latency with Supabase's
 * 1000-row cap, an empty target holding the scenario's tables, the packaged service started as a process with
 * default settings (MIGRATOR_TABLES unset: it discovers every table) and the benchmark's heap; optionally a
 * warm-up run and the target emptied again; then ONE timed run through the control API from POST to its end,
 * verification included. Afterwards, with the service stopped, the content compared table by table, and the
 * references read from the same server: the sequential drain (with gzip, and where asked without), and at latency
 * 0 the psql pipe.
 */
final class ServiceRun {

    static final int PAGE_CAP = 1000;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(90);
    /** The source server's worker threads: more requests than the service ever has in flight. */
    private static final int SERVER_THREADS = 128;
    /**
     * Its database connections, taken by a request for its query only, after the latency: PostgREST's default
     * db-pool, so a service that asks more of the source than its pool serves waits as it would on Supabase.
     */
    private static final int SERVER_DB_POOL = 10;

    private final BenchmarkSettings settings;
    private final SourceDataset dataset;
    private final TestDatabase source;
    private final List<SourceTable> tables;
    private final SourceDigests digests;
    private final Cleanup cleanup;

    ServiceRun(BenchmarkSettings settings, SourceDataset dataset, TestDatabase source, List<SourceTable> tables,
            SourceDigests digests, Cleanup cleanup) {
        this.settings = settings;
        this.dataset = dataset;
        this.source = source;
        this.tables = tables;
        this.digests = digests;
        this.cleanup = cleanup;
    }

    LatencyResult run(long latencyMs) throws Exception {
        String label = dataset.name() + "-" + latencyMs + "ms";
        Path work = settings.workDirectory();
        Path log = work.resolve("service-" + label + ".log");
        Path gcLog = work.resolve("gc-" + label + ".log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(gcLog);
        PostgrestServer server = cleanup.add(PostgrestServer.start(PostgrestServer.Config.builder(source.jdbcUrl())
                .user(TestDatabase.USER).password(TestDatabase.PASSWORD).apikey(MigrationFixture.KEY)
                .maxRows(PAGE_CAP).latencyMs(latencyMs).threads(SERVER_THREADS).dbPool(SERVER_DB_POOL).build()));
        TestDatabase target = cleanup.add(TestDatabase.create("bench_tgt").execute(dataset.schemaSql()));
        try {
            Measured measured;
            ServiceProcess service = cleanup.add(startService(server, target, log, gcLog));
            try {
                measured = measure(server, target, service, label, gcLog, latencyMs);
            } finally {
                cleanup.close(service); // stopped before the comparison and the drains, which it must not compete with
            }
            List<ContentDigest.Comparison> content = digests.compare(target);
            References references = references(server, label, latencyMs);
            String failure = join(measured.failure(), references.failure());
            if (Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains("OutOfMemoryError")) {
                failure = join(failure, "the service log shows an OutOfMemoryError");
            }
            String tail = failure != null || measured.run() == null || !"SUCCEEDED".equals(measured.run().state())
                    ? tail(log, 40) : null;
            return new LatencyResult(dataset.name(), latencyMs, measured.loadAverage(), measured.run(),
                    measured.memory(), measured.cpu(), measured.threadCpu(), measured.timers(), content,
                    content.stream().allMatch(ContentDigest.Comparison::equal), references.gzip(), references.plain(),
                    references.pipe(), log.toString(), failure, tail, measured.serviceProfile(), measured.serverProfile());
        } finally {
            cleanup.close(server);
            cleanup.close(target);
        }
    }

    /** The references read after the run: the drain with gzip, without (where asked), the psql pipe (where asked). */
    private record References(SourceDrain.Result gzip, SourceDrain.Result plain, PipeCopy.Result pipe, String failure) {
    }

    private References references(PostgrestServer server, String label, long latencyMs) {
        SourceDrain.Result gzip = null;
        SourceDrain.Result plain = null;
        PipeCopy.Result pipe = null;
        try {
            SourceDrain drain = new SourceDrain(server.baseUrl(), MigrationFixture.KEY);
            MachineLoad.awaitQuiet("the drain of " + label, settings.quietWait());
            gzip = drain.drain(tables, latencyMs, true);
            if (latencyMs == 0 && settings.plainDrainScenarios().contains(dataset.name())) {
                MachineLoad.awaitQuiet("the drain without gzip of " + label, settings.quietWait());
                plain = drain.drain(tables, latencyMs, false);
            }
            if (latencyMs == 0 && settings.pipe() && !dataset.name().equals("large-rows")) {
                pipe = pipe();
            }
            return new References(gzip, plain, pipe, null);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            return new References(gzip, plain, pipe, "a reference of " + label + " failed: " + e);
        }
    }

    private static String join(String first, String second) {
        return first == null ? second : second == null ? first : first + "; " + second;
    }

    /** What the timed run produced, before the content check and the references. */
    private record Measured(String loadAverage, LatencyResult.Run run, LatencyResult.Memory memory, CpuTimes.Usage cpu,
            Map<String, Double> threadCpu, List<ServiceTimers.Timer> timers, String failure,
            JfrSummary.Summary serviceProfile, JfrSummary.Summary serverProfile) {
    }

    private ServiceProcess startService(PostgrestServer server, TestDatabase target, Path log, Path gcLog) {
        // the service inherits this process's environment: a MIGRATOR_* variable there would change its settings
        List<String> inherited = System.getenv().keySet().stream()
                .filter(k -> k.startsWith("MIGRATOR_") || k.startsWith("SUPABASE_") || k.startsWith("QUARKUS_")).sorted().toList();
        if (!inherited.isEmpty()) {
            throw new IllegalStateException("the benchmark measures default settings, but this environment sets " + inherited
                    + ", which the service would inherit: unset them");
        }
        Map<String, String> env = new HashMap<>(ServiceProcess.environment(server.baseUrl(), MigrationFixture.KEY,
                target, MigrationFixture.TOKEN));
        env.remove("MIGRATOR_TABLES"); // every table the source describes: the point of the whole-run scenarios
        if (settings.busyConnections() != null) {
            env.put("MIGRATOR_SOURCE_BUSY_CONNECTIONS", settings.busyConnections());
        }
        if (settings.concurrency() != null) {
            env.put("MIGRATOR_SOURCE_CONCURRENCY", settings.concurrency());
        }
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + settings.heap(), GcLog.option(gcLog)));
        jvmArgs.addAll(settings.serviceJvmArgs());
        return ServiceProcess.start(env, jvmArgs, log);
    }

    private Measured measure(PostgrestServer server, TestDatabase target, ServiceProcess service, String label,
            Path gcLog, long latencyMs) throws Exception {
        Path work = settings.workDirectory();
        RunWatcher watcher = new RunWatcher(service.baseUrl(), MigrationFixture.TOKEN);
        RunWatcher.Outcome cold = null;
        // the large-rows run is long enough that the JIT's warm-up is a small part of it
        if (settings.warmup() && !dataset.name().equals("large-rows")) {
            MachineLoad.awaitQuiet("the warm-up run of " + label, settings.quietWait());
            cold = watcher.run(RUN_TIMEOUT);
            System.out.printf("[benchmark] warm-up run of %s: %s in %.2f s; target emptied for the measured run%n",
                    label, cold.state(), cold.observedSeconds());
            target.execute("TRUNCATE " + tables.stream().map(SourceTable::quotedName).collect(Collectors.joining(", "))
                    + " CASCADE");
        }
        target.execute("CHECKPOINT"); // the target's setup is not flushed during the timed run
        MachineLoad.awaitQuiet("the service run of " + label, settings.quietWait());
        String load = MachineInfo.readLoadAverage();
        Path jfc = settings.jfr() ? JfrProfile.settings(work) : null;
        JfrProfile serviceJfr = jfc == null ? null : JfrProfile.startProcess(service.pid(), work.resolve("service-" + label + ".jfr"), jfc);
        JfrProfile serverJfr = jfc == null ? null : JfrProfile.startHere(work.resolve("server-" + label + ".jfr"), jfc);
        MetricsSampler sampler = cleanup.add(new MetricsSampler(service.baseUrl()));
        PrometheusText before = PrometheusText.parse(sampler.scrape());
        double uptimeAtStart = uptime(service.pid());
        sampler.start();
        CpuTimes cpu = CpuTimes.start(service.pid());
        ThreadCpu threads = ThreadCpu.start(service.pid());
        RunWatcher.Outcome outcome = null;
        String failure = null;
        Instant runFrom = Instant.now();
        try {
            outcome = watcher.run(RUN_TIMEOUT);
        } catch (Exception e) {
            failure = "run of " + label + " broke off (" + e + "); service " + (service.isAlive() ? "still alive" : "gone");
        } finally {
            cleanup.close(sampler);
        }
        Instant runTo = Instant.now();
        CpuTimes.Usage usage = cpu.stop();
        Map<String, Double> threadCpu = threads.stop(usage.serviceSeconds());
        MetricsSampler.Peaks peaks = sampler.stop();
        ProcessMemory.Resident rss = ProcessMemory.of(service.pid()); // VmHWM: only while the process lives
        Path serviceRecording = serviceJfr == null ? null : serviceJfr.stop();
        Path serverRecording = serverJfr == null ? null : serverJfr.stop();
        Files.writeString(work.resolve("metrics-" + label + ".txt"), peaks.lastText());
        GcLog.Summary gc = GcLog.read(gcLog, uptimeAtStart);
        PrometheusText after = PrometheusText.parse(peaks.lastText());
        List<ServiceTimers.Timer> all = ServiceTimers.between(before, after);
        List<ServiceTimers.Timer> timers = all.subList(0, Math.min(30, all.size()));
        LatencyResult.Run run = outcome == null ? null : run(outcome, cold, before, after, all);
        LatencyResult.Memory memory = new LatencyResult.Memory(gc.peakHeapBeforeGcMb(), gc.heapCapacityMb(),
                peaks.heapUsedBytes() / (1024 * 1024), peaks.samples(), rss.peakMb(), gc.collections(),
                gc.fullCollections(), gc.pauseSeconds());
        int serverPort = server.port();
        JfrSummary.Summary serviceProfile = serviceRecording == null ? null
                : new JfrSummary("org.supabasemigrator.", port -> peer(port, serverPort, "source server", "target database"))
                        .read(serviceRecording, runFrom, runTo);
        JfrSummary.Summary serverProfile = serverRecording == null ? null
                : new JfrSummary("org.supabasemigrator.testsupport.postgrest.",
                        port -> peer(port, serverPort, "(service)", "source database")).read(serverRecording, runFrom, runTo);
        return new Measured(load, run, memory, usage, threadCpu, timers, failure, serviceProfile, serverProfile);
    }

    private static String peer(int port, int serverPort, String server, String database) {
        if (port == serverPort) {
            return server;
        }
        return port == Integer.parseInt(TestDatabase.PORT) ? database : null;
    }

    private static LatencyResult.Run run(RunWatcher.Outcome outcome, RunWatcher.Outcome cold, PrometheusText before,
            PrometheusText after, List<ServiceTimers.Timer> timers) {
        JsonNode view = outcome.view();
        long written = view.path("totals").path("written").asLong();
        long requests = timers.stream().filter(t -> t.name().equals("migrator_source_request_seconds"))
                .mapToLong(ServiceTimers.Timer::count).sum();
        long retries = (long) (after.sum("migrator_source_retries_total", l -> true)
                - before.sum("migrator_source_retries_total", l -> true));
        return new LatencyResult.Run(outcome.id(), outcome.state(), view.path("error").asText(null),
                outcome.observedSeconds(), seconds(view.path("createdAt").asText(null), view.path("finishedAt").asText(null)),
                written, written / outcome.observedSeconds(), cold == null ? null : cold.observedSeconds(),
                cold == null ? null : cold.state(), requests, retries, outcome.spans(), view.path("tables"));
    }

    /** The psql pipe into a fresh target of the scenario's tables. */
    private PipeCopy.Result pipe() throws Exception {
        TestDatabase target = cleanup.add(TestDatabase.create("bench_ref").execute(dataset.schemaSql()));
        try {
            return PipeCopy.run(source, target, tables, digests.source(), settings.quietWait());
        } finally {
            cleanup.close(target);
        }
    }

    /** Seconds the service's JVM has been up: where its GC log's uptime stamps begin. */
    private static double uptime(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(start, Instant.now()).toNanos() / 1e9).orElse(0.0);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private static double seconds(String from, String to) {
        if (from == null || to == null) {
            return Double.NaN;
        }
        return Duration.between(Instant.parse(from), Instant.parse(to)).toNanos() / 1e9;
    }
}
