package org.supabasemigrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.RunStateWatcher;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.ThrowawayPostgres;

import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Issue 18: the target on a PostgreSQL server of its own is restarted, crashed or kept down in the middle of a
 * run, and the service itself is killed repeatedly. Every run either rides through to SUCCEEDED, or ends FAILED
 * or INCOMPLETE with a true reason and resumes to equality. After each: the target equals the source row by row,
 * each dead letter is stored once, the checkpoints count each row once, and the control API never showed the run
 * RUNNING while no process worked on it.
 */
class TargetFaultsIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Set<String> ENDED = Set.of("SUCCEEDED", "INCOMPLETE", "FAILED", "STOPPED");
    /** Clients in the fixture: 2,503 edge cases plus the extra ones. */
    static final int EXTRA_CLIENTS = 6000;
    static final long CLIENTS = 2503 + EXTRA_CLIENTS;
    static final long LATENCY_MS = 30;
    /** The client MigrationFixture's target refuses (CHECK visit_count_not_negative). */
    static final String POISON = "3";

    /** A run that rides through a target outage goes on at once when the target is back, not after a wait. */
    static final Duration RIDE_THROUGH = Duration.ofSeconds(20);
    /** How long the service waits for an unavailable target where it is to ride through. */
    static final String OUTAGE_RIDDEN_THROUGH = "30S";

    /** The target's own server, shared by the tests (each has its own database on it). */
    static ThrowawayPostgres targetServer;

    MigrationFixture fixture;
    RunStateWatcher watcher;
    /** When the target server was back from the last hit (System.nanoTime). */
    volatile long targetBack;
    boolean walKeptInMemory;

    @BeforeAll
    static void startTargetServer() {
        targetServer = ThrowawayPostgres.startNew();
    }

    @AfterAll
    static void closeTargetServer() {
        if (targetServer != null) {
            targetServer.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        targetServer.start(); // a test that failed midway may have left it down
        if (walKeptInMemory) {
            targetServer.execute("postgres", "ALTER SYSTEM RESET ALL");
            targetServer.restart();
            walKeptInMemory = false;
        }
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    MigrationFixture fixture(TestInfo test, int extraClients, long latencyMs, boolean keepPoison) {
        fixture = MigrationFixture.withTargetOn(targetServer, test.getTestMethod().orElseThrow().getName(),
                extraClients, latencyMs);
        if (!keepPoison) {
            fixture.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
        }
        return fixture;
    }

    /**
     * The target server keeps its WAL in memory for up to 10 s (large WAL buffers, a lazy WAL writer): an
     * immediate shutdown then loses the last seconds of the commits made with synchronous_commit=off, as a crash
     * of a busy server does, instead of the few milliseconds an idle test server would lose.
     */
    void keepWalInMemory() {
        walKeptInMemory = true;
        targetServer.execute("postgres", "ALTER SYSTEM SET wal_buffers = '64MB'");
        targetServer.execute("postgres", "ALTER SYSTEM SET wal_writer_delay = '10s'");
        targetServer.execute("postgres", "ALTER SYSTEM SET wal_writer_flush_after = '1GB'");
        targetServer.restart();
    }

    /** The run ended soon after the target was back. */
    void assertEndedSoonAfterTheTargetWasBack(SoftAssertions softly) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - targetBack);
        System.out.println("the run ended " + seconds + " s after the target was back");
        softly.assertThat(seconds).as("seconds from the target's return to the run's end").isLessThan(
                RIDE_THROUGH.toSeconds());
    }

    static Map<String, String> settings(String outage) {
        Map<String, String> settings = new HashMap<>();
        settings.put("MIGRATOR_PAGE_SIZE", "200");
        settings.put("MIGRATOR_BATCH_SIZE", "100");
        settings.put("MIGRATOR_TARGET_OUTAGE", outage);
        return settings;
    }

    // ------------------------------------------------------------------------------------------------ the tests

    @Test
    void aFastRestartOfTheTargetMidTableIsRiddenThrough(TestInfo test) throws Exception {
        MigrationFixture f = fixture(test, EXTRA_CLIENTS, LATENCY_MS, false);
        SoftAssertions softly = new SoftAssertions();
        try (ServiceProcess service = f.startService("only", settings(OUTAGE_RIDDEN_THROUGH))) {
            ControlApi api = f.api(service);
            CompletableFuture<Long> hit = atClientsPage(f, 12, () -> targetServer.restart());
            long id = api.start(null);
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "only");
            long before = hit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(before).as("the restart came mid-table").isBetween(1L, CLIENTS - 1000);

            Response run = awaitEnd(api, id);
            assertEndedSoonAfterTheTargetWasBack(softly);
            softly.assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertEveryTableVerifiedClean(softly, run);
            assertStaysEnded(softly, api, id, run.jsonPath().getString("state"));
        }
        assertHonest(softly, f, Set.of(), CLIENTS);
        softly.assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
        softly.assertAll();
    }

    @Test
    void aCrashOfTheTargetMidTableWithAsynchronousCommitsContinuesFromWhatSurvived(TestInfo test) throws Exception {
        keepWalInMemory();
        MigrationFixture f = fixture(test, EXTRA_CLIENTS, LATENCY_MS, false);
        SoftAssertions softly = new SoftAssertions();
        long[] survived = new long[1];
        try (ServiceProcess service = f.startService("only", settings(OUTAGE_RIDDEN_THROUGH))) {
            ControlApi api = f.api(service);
            CompletableFuture<Long> hit = atClientsPage(f, 14, () -> {
                targetServer.crash();
                sleep(3000);
                targetServer.start();
                survived[0] = f.committed("clients");
            });
            long id = api.start(null);
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "only");
            long before = hit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(before).as("the crash came mid-table").isBetween(1L, CLIENTS - 1000);
            System.out.printf("clients rows committed before the crash: %d, found after it: %d%n", before, survived[0]);
            assertThat(targetServer.logTail(200)).contains("database system was not properly shut down");

            Response run = awaitEnd(api, id);
            assertEndedSoonAfterTheTargetWasBack(softly);
            softly.assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertEveryTableVerifiedClean(softly, run);
            softly.assertThat(run.jsonPath().getLong("tables.find { it.table == 'clients' }.written")).isEqualTo(CLIENTS);
            assertStaysEnded(softly, api, id, run.jsonPath().getString("state"));
        }
        assertHonest(softly, f, Set.of(), CLIENTS);
        softly.assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
        softly.assertAll();
    }

    @Test
    void aCrashOfTheTargetDuringVerificationReportsNoRowThatIsNotThere(TestInfo test) throws Exception {
        keepWalInMemory();
        MigrationFixture f = fixture(test, EXTRA_CLIENTS, LATENCY_MS, false);
        SoftAssertions softly = new SoftAssertions();
        try (ServiceProcess service = f.startService("only", settings(OUTAGE_RIDDEN_THROUGH))) {
            ControlApi api = f.api(service);
            Response copy = awaitEnd(api, api.start(null));
            assertThat(copy.jsonPath().getString("state")).as(copy.asString()).isEqualTo("SUCCEEDED");

            CompletableFuture<Long> hit = atClientsPage(f, 15, () -> {
                targetServer.crash();
                sleep(3000);
                targetServer.start();
            });
            long id = api.start("{\"mode\":\"verify\"}");
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "only");
            hit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(targetServer.logTail(200)).contains("database system was not properly shut down");

            Response verify = awaitEnd(api, id);
            assertEndedSoonAfterTheTargetWasBack(softly);
            softly.assertThat(verify.jsonPath().getString("state")).as(verify.asString()).isEqualTo("SUCCEEDED");
            assertEveryTableVerifiedClean(softly, verify);
            softly.assertThat(verify.jsonPath().getLong("tables.find { it.table == 'clients' }.verification.equal"))
                    .isEqualTo(CLIENTS);
            assertStaysEnded(softly, api, id, verify.jsonPath().getString("state"));
        }
        assertHonest(softly, f, Set.of(), CLIENTS);
        softly.assertAll();
    }

    @Test
    void anOutageLongerThanTheBudgetFailsTheRunHonestlyAndAResumeOnTheSameServiceEndsEqual(TestInfo test)
            throws Exception {
        MigrationFixture f = fixture(test, EXTRA_CLIENTS, LATENCY_MS, false);
        SoftAssertions softly = new SoftAssertions();
        try (ServiceProcess service = f.startService("only", settings("15S"))) {
            int logStart = service.output().length();
            ControlApi api = f.api(service);
            CompletableFuture<Long> hit = atClientsPage(f, 12, () -> {
            });
            long id = api.start(null);
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "only");
            assertThat(hit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("mid-table").isBetween(1L, CLIENTS - 1000);

            long down = System.nanoTime();
            targetServer.stop();
            System.out.println("target stopped at " + java.time.Instant.now());
            // each call waits up to 15 s, with back-off of at most 5 s between tries: 25 s after the target went
            // away the run has given up, and no process works on it any more
            sleepUntil(down, Duration.ofSeconds(25));
            watcher.noWorker();
            System.out.println("no worker expected from " + java.time.Instant.now());
            sleepUntil(down, Duration.ofSeconds(30));
            List<String> outageLog = service.output().substring(logStart).lines()
                    .filter(line -> line.contains("TargetOutage") || line.contains("RunOutcome")).toList();
            softly.assertThat(outageLog).as("the service's log 30 s into the outage (15 s allowed): the run gave up"
                    + " while the target was still down").anyMatch(line -> line.contains("Run " + id + " failed"));
            targetServer.start();
            System.out.println("target started again at " + java.time.Instant.now());

            // once the target is back, the API shows the run's true end within seconds
            String shown = awaitState(api, id, "FAILED", Duration.ofSeconds(20));
            Response failed = api.run(id);
            softly.assertThat(shown).as("state shown after the target came back: " + failed.asString())
                    .isEqualTo("FAILED");
            softly.assertThat(failed.jsonPath().getString("error")).as(failed.asString())
                    .containsIgnoringCase("target").containsIgnoringCase("unavailable");
            softly.assertThat(recordedState(f, id, "FAILED", Duration.ofSeconds(10)))
                    .as("the failure is recorded in the target within seconds, not only shown").isEqualTo("FAILED");
            assertStaysEnded(softly, api, id, "FAILED");
            softly.assertThat(f.committed("clients")).as("the outage came mid-table").isLessThan(CLIENTS);
            softly.assertThat(f.target.count("SELECT count(*) FROM clients")).as("every row written has its checkpoint")
                    .isEqualTo(f.committed("clients"));

            // no restart of the service: the same process resumes the run
            watcher.workerExpected();
            api.request().post("/api/migrations/" + id + "/resume").then().statusCode(202);
            Response run = awaitEnd(api, id);
            softly.assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            softly.assertThat(run.jsonPath().getList("tables.verified", Boolean.class)).hasSize(9).containsOnly(true);
            assertStaysEnded(softly, api, id, run.jsonPath().getString("state"));
        }
        assertHonest(softly, f, Set.of(), CLIENTS);
        softly.assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
        softly.assertAll();
    }

    @Test
    void deadLettersMakeARunIncompleteWithItsMetricAndAReplayAfterTheFixMakesItSucceeded(TestInfo test) {
        MigrationFixture f = fixture(test, 0, 0, true);
        SoftAssertions softly = new SoftAssertions();
        long clients = 2503;
        try (ServiceProcess service = f.startService("only", settings(OUTAGE_RIDDEN_THROUGH))) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "only");
            Response run = awaitEnd(api, id);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
            softly.assertThat(run.jsonPath().getString("error")).as(run.asString()).contains("clients")
                    .containsPattern(Pattern.compile("dead.?letter", Pattern.CASE_INSENSITIVE));
            softly.assertThat(run.jsonPath().getLong("tables.find { it.table == 'clients' }.deadLettered")).isEqualTo(1);
            assertDeadLetterNotCountedMissing(softly, run);
            softly.assertThat(run.jsonPath().getString("tables.find { it.table == 'companies' }.state"))
                    .isEqualTo("SUCCEEDED");
            softly.assertThat(service.output()).contains("INCOMPLETE, not a success");
            assertRunStateMetric(softly, service, "INCOMPLETE");
            assertStaysEnded(softly, api, id, "INCOMPLETE");
            softly.assertThat(f.target.rows("SELECT table_name, primary_key::text FROM migrator.dead_letter"))
                    .containsExactly(List.of("clients", "{\"id\": \"3\"}"));
            softly.assertThat(f.committed("clients")).as("rows counted once").isEqualTo(clients - 1)
                    .isEqualTo(f.target.count("SELECT count(*) FROM clients"));
            softly.assertThat(f.differences(Set.of(POISON))).isEmpty();

            f.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
            api.request().post("/api/dead-letters/replay").then().statusCode(200)
                    .body("succeeded", org.hamcrest.Matchers.equalTo(1)).body("failed", org.hamcrest.Matchers.equalTo(0));
            String shown = awaitState(api, id, "SUCCEEDED", Duration.ofSeconds(10));
            Response settled = api.run(id);
            softly.assertThat(shown).as("after the replay: " + settled.asString()).isEqualTo("SUCCEEDED");
            softly.assertThat(settled.jsonPath().getString("error")).as(settled.asString()).isNull();
            softly.assertThat(settled.jsonPath().getList("tables.state", String.class)).as(settled.asString())
                    .containsOnly("SUCCEEDED");
            softly.assertThat(api.request().get("/api/dead-letters").jsonPath().getInt("total")).isZero();
            assertRunStateMetric(softly, service, "SUCCEEDED");
            assertStaysEnded(softly, api, id, shown);
        }
        softly.assertThat(f.differences(Set.of())).isEmpty();
        softly.assertThat(f.target.count("SELECT count(*) FROM clients")).isEqualTo(clients);
        watcher.close();
        softly.assertThat(watcher.falseRunning()).as("RUNNING without a worker: " + watcher.history()).isEmpty();
        softly.assertAll();
    }

    @Test
    void theServiceKilledRepeatedlyAtRandomMomentsStillEndsEqualWithEachRowAndDeadLetterOnce(TestInfo test) {
        // a longer run than the others' (more rows, two key ranges): the clients pages alone take 2 x 82 x 40 ms of
        // source latency per range (copy and verification), longer than four kills at up to 3 s after each start
        // however fast the machine; a short latency keeps each start's preflight short, so the kills land
        // mid-COPY, mid-upsert after a resume or mid-verification
        int extraClients = 30_000;
        MigrationFixture f = fixture(test, extraClients, 40, true);
        Map<String, String> settings = settings(OUTAGE_RIDDEN_THROUGH);
        settings.put("MIGRATOR_SOURCE_CONCURRENCY", "2");
        SoftAssertions softly = new SoftAssertions();
        long seed = Long.getLong("targetfaults.seed", System.nanoTime());
        System.out.println("kill delays seeded with -Dtargetfaults.seed=" + seed);
        Random random = new Random(seed);
        ServiceProcess service = f.startService("start-0", settings);
        try {
            ControlApi api = f.api(service);
            long id = api.start(null);
            watcher = new RunStateWatcher(id, MigrationFixture.TOKEN, service, "start-0");
            for (int kill = 1; kill <= 4; kill++) {
                sleep(500 + random.nextInt(2500));
                String state = api.run(id).jsonPath().getString("state");
                if (!"RUNNING".equals(state) && !"PENDING".equals(state)) {
                    softly.fail("the run ended " + state + " before kill " + kill + " (seed " + seed + ")");
                    break;
                }
                Map<String, Object> progress = progress(f);
                watcher.noWorker();
                service.kill();
                System.out.printf("kill %d (seed %d) at %s%n", kill, seed, progress);
                softly.assertThat(f.target.rows("SELECT state FROM migrator.migration_run WHERE id = " + id))
                        .as("a killed process cannot record its end").containsExactly(List.of("RUNNING"));

                service = f.startService("start-" + kill, settings);
                watcher.watch(service, "start-" + kill);
                api = f.api(service);
                Response interrupted = api.run(id);
                assertThat(interrupted.jsonPath().getString("state")).as(interrupted.asString()).isEqualTo("STOPPED");
                softly.assertThat(interrupted.jsonPath().getString("stopReason")).isEqualTo("interrupted");
                assertNoDuplicateDeadLetters(softly, f);

                watcher.workerExpected();
                api.request().post("/api/migrations/" + id + "/resume").then().statusCode(202);
            }
            Response run = awaitEnd(api, id);
            softly.assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
            softly.assertThat(run.jsonPath().getString("error")).as(run.asString()).contains("clients");
            softly.assertThat(run.jsonPath().getLong("tables.find { it.table == 'clients' }.deadLettered"))
                    .as(run.asString()).isEqualTo(1);
            assertDeadLetterNotCountedMissing(softly, run);
            assertRunStateMetric(softly, service, "INCOMPLETE");
            assertStaysEnded(softly, api, id, run.jsonPath().getString("state"));
        } finally {
            service.close();
        }
        softly.assertThat(f.target.rows("SELECT table_name, primary_key::text, count(*) FROM migrator.dead_letter"
                + " GROUP BY 1, 2")).as("each dead letter stored once")
                .containsExactly(List.of("clients", "{\"id\": \"3\"}", "1"));
        assertHonest(softly, f, Set.of(POISON), 2503 + extraClients - 1);
        softly.assertAll();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Runs {@code hit} on a thread of its own when the source is asked for the {@code page}-th page of clients
     * (counted from now), once a batch of clients has committed; the future gives the clients rows committed in the
     * target just before the hit.
     */
    CompletableFuture<Long> atClientsPage(MigrationFixture f, int page, Hit hit) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        AtomicInteger pages = new AtomicInteger();
        f.faults.use(request -> {
            if ("GET".equals(request.method()) && "clients".equals(request.table()) && request.rawQuery() != null
                    && request.rawQuery().contains("visit_history") && !request.rawQuery().endsWith("limit=1")
                    && pages.incrementAndGet() == page) {
                Thread thread = new Thread(() -> {
                    try {
                        // many key ranges start at once: the page may come before any of them has committed a batch
                        long committed = awaitFirstCommit(f);
                        hit.run();
                        targetBack = System.nanoTime();
                        done.complete(committed);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                }, "target-hit");
                thread.setDaemon(true);
                thread.start();
            }
            return Optional.empty();
        });
        return done;
    }

    /** The clients rows committed, once there are any (the page's own batch commits soon after it arrives). */
    private static long awaitFirstCommit(MigrationFixture f) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long committed = f.committed("clients");
        while (committed == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            committed = f.committed("clients");
        }
        return committed;
    }

    @FunctionalInterface
    interface Hit {
        void run() throws Exception;
    }

    /** Waits for the run's end, through answers the API cannot give while the target is away; then no worker. */
    Response awaitEnd(ControlApi api, long id) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> ENDED.contains(api.run(id).jsonPath().getString("state")));
        if (watcher != null) {
            watcher.noWorker();
        }
        return api.run(id);
    }

    /** Polls until the API shows {@code state} or the time is up; returns the last state shown (null: no answer). */
    static String awaitState(ControlApi api, long id, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String shown = null;
        while (System.nanoTime() < deadline) {
            try {
                shown = api.run(id).jsonPath().getString("state");
            } catch (RuntimeException noAnswer) {
                shown = null;
            }
            if (state.equals(shown)) {
                return shown;
            }
            sleep(250);
        }
        return shown;
    }

    /** An ended run stays as it ended: a few more looks show the same state. */
    static void assertStaysEnded(SoftAssertions softly, ControlApi api, long id, String state) {
        for (int i = 0; i < 4; i++) {
            sleep(250);
            softly.assertThat(api.run(id).jsonPath().getString("state")).as("still as it ended").isEqualTo(state);
        }
    }

    /** Every table verified, its comparison finding no row missing, extra or different. */
    static void assertEveryTableVerifiedClean(SoftAssertions softly, Response run) {
        softly.assertThat(run.jsonPath().getList("tables.verified", Boolean.class)).as("verified").hasSize(9)
                .containsOnly(true);
        for (String table : MigrationFixture.TABLES.keySet()) {
            String path = "tables.find { it.table == '" + table + "' }.verification.";
            softly.assertThat(List.of(run.jsonPath().getLong(path + "missing"), run.jsonPath().getLong(path + "extra"),
                    run.jsonPath().getLong(path + "different")))
                    .as(table + " missing, extra, different: " + run.jsonPath().getString(path.substring(0,
                            path.length() - 1)))
                    .containsExactly(0L, 0L, 0L);
        }
    }

    /**
     * The row the target refused is in the dead-letter store, reported as dead-lettered: the comparison leaves it
     * out (as a run that was never interrupted does), so it reports no row missing, extra or different.
     */
    static void assertDeadLetterNotCountedMissing(SoftAssertions softly, Response run) {
        String path = "tables.find { it.table == 'clients' }.verification";
        softly.assertThat(List.of(run.jsonPath().getLong(path + ".missing"), run.jsonPath().getLong(path + ".extra"),
                run.jsonPath().getLong(path + ".different")))
                .as("clients missing, extra, different besides its dead letter: " + run.jsonPath().getString(path)
                        + "; error: " + run.jsonPath().getString("error"))
                .containsExactly(0L, 0L, 0L);
    }

    /** Equal content, each dead letter once, each row counted once, and no false RUNNING. */
    void assertHonest(SoftAssertions softly, MigrationFixture f, Set<String> refused, long clientsInTarget) {
        softly.assertThat(f.differences(refused)).as("content differences").isEmpty();
        assertNoDuplicateDeadLetters(softly, f);
        softly.assertThat(f.target.count("SELECT count(*) FROM clients")).as("clients rows").isEqualTo(clientsInTarget);
        softly.assertThat(f.committed("clients")).as("committed row counters count each row once")
                .isEqualTo(clientsInTarget);
        if (watcher != null) {
            watcher.close();
            System.out.println("states seen: " + watcher.history());
            softly.assertThat(watcher.falseRunning()).as("RUNNING shown without a worker; states seen: "
                    + watcher.history()).isEmpty();
        }
    }

    static void assertNoDuplicateDeadLetters(SoftAssertions softly, MigrationFixture f) {
        softly.assertThat(f.target.rows("SELECT table_name, primary_key::text, count(*) FROM migrator.dead_letter"
                + " GROUP BY 1, 2 HAVING count(*) > 1")).as("dead letters stored more than once").isEmpty();
    }

    static void assertRunStateMetric(SoftAssertions softly, ServiceProcess service, String state) {
        String metrics = String.join("\n", RestAssured.get(service.baseUrl() + "/q/metrics").asString().lines()
                .filter(line -> line.startsWith("migrator_run_state{")).toList());
        for (String s : List.of("PENDING", "RUNNING", "STOPPED", "SUCCEEDED", "INCOMPLETE", "FAILED")) {
            softly.assertThat(metrics).as("migrator_run_state{state=\"" + s + "\"} when the run is " + state)
                    .containsPattern("(?m)^migrator_run_state\\{[^}]*state=\"" + s + "\"[^}]*\\} "
                            + (s.equals(state) ? "1" : "0") + "(\\.0)?$");
        }
    }

    static Map<String, Object> progress(MigrationFixture f) {
        try {
            return Map.of("clients committed", f.committed("clients"), "tables",
                    f.target.rows("SELECT table_name, state FROM migrator.table_progress WHERE run_id ="
                            + " (SELECT max(id) FROM migrator.migration_run) ORDER BY position"));
        } catch (RuntimeException e) {
            return Map.of("unknown", e.getMessage());
        }
    }

    static void sleepUntil(long startNanos, Duration after) {
        long left = TimeUnit.NANOSECONDS.toMillis(startNanos + after.toNanos() - System.nanoTime());
        if (left > 0) {
            sleep(left);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The run's state as the target records it, once it is {@code expected} or the time is up. */
    private static String recordedState(MigrationFixture f, long id, String expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String state;
        do {
            List<List<String>> rows = f.target.rows("SELECT state FROM migrator.migration_run WHERE id = " + id);
            state = rows.isEmpty() ? null : rows.get(0).get(0);
            if (expected.equals(state)) {
                return state;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
        } while (System.nanoTime() < deadline);
        return state;
    }
}
