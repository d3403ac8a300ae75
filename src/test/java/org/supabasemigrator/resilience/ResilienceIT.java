package org.supabasemigrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.postgrest.Fault;
import org.supabasemigrator.testsupport.postgrest.PostgrestServer;
import org.supabasemigrator.testsupport.postgrest.RandomFaultInjector;
import org.supabasemigrator.testsupport.postgrest.ScriptedFaultInjector;

import io.restassured.response.Response;

/**
 * A migration rides through a failing source and a target that drops its connections, refuses bad input with
 * one clear message, and never shows a secret. Every run that ends SUCCEEDED is checked row by row.
 */
class ResilienceIT {

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String TARGET_PASSWORD = "never-shown-target-password";
    /** Fast retries so faults cost seconds; a short read timeout so a stalled response fails quickly. */
    static final Map<String, String> FAST_RETRIES = Map.of("MIGRATOR_SOURCE_RETRY_DELAY_MS", "100",
            "MIGRATOR_SOURCE_MAX_RETRY_DELAY_MS", "2000", "MIGRATOR_SOURCE_READ_TIMEOUT_MS", "1500",
            "TARGET_DB_PASSWORD", TARGET_PASSWORD);

    MigrationFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    MigrationFixture fixture(TestInfo test, java.util.function.Consumer<PostgrestServer.Config.Builder> server) {
        fixture = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), 3000, 0, server);
        fixture.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
        return fixture;
    }

    MigrationFixture fixture(TestInfo test) {
        return fixture(test, server -> {
        });
    }

    @Test
    void everyKindOfSourceFaultIsRiddenThrough(TestInfo test) {
        MigrationFixture f = fixture(test);
        ScriptedFaultInjector faults = new ScriptedFaultInjector()
                .failNth("clients", 2, Fault.http500())
                .failNth("clients", 4, Fault.http503())
                .failNth("clients", 6, Fault.tooManyRequests())
                .failNth("clients", 8, Fault.connectionReset())
                .failNth("clients", 10, Fault.truncatedBody())
                .failNth("clients", 12, Fault.malformedJson())
                .failNth("clients", 14, Fault.objectBody())
                .failNth("clients", 16, Fault.stall(Duration.ofSeconds(4)))
                .failNth("whatsapp_keys", 1, Fault.http503())
                .failNth(ScriptedFaultInjector.OPENAPI, 1, Fault.http500());
        f.faults.use(faults);
        try (ServiceProcess service = f.startService("only", FAST_RETRIES)) {
            Response run = runToEnd(f.api(service), null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(faults.injectedCount()).isEqualTo(10);
            assertNoSecretShown(service);
            String metrics = io.restassured.RestAssured.get(service.baseUrl() + "/q/metrics").asString();
            assertThat(metrics).containsPattern("migrator_source_retries_total\\{reason=\"http_503\",table=\"clients\",?\\} 1.0")
                    .contains("reason=\"timeout\"").contains("reason=\"malformed\"");
        }
        assertThat(f.differences(Set.of())).isEmpty();
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).as("no dead letter from a transient fault").isZero();
    }

    @Test
    void tenPercentOfSourceRequestsFailingAtRandomStillEndsWithTheSourceContent(TestInfo test) {
        MigrationFixture f = fixture(test);
        RandomFaultInjector faults = new RandomFaultInjector(0.10, 20261125L, Fault.classic(),
                Duration.ofSeconds(3), false);
        f.faults.use(faults);
        try (ServiceProcess service = f.startService("only", FAST_RETRIES)) {
            Response run = runToEnd(f.api(service), null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getList("tables.verified", Boolean.class)).containsOnly(true);
            assertNoSecretShown(service);
        }
        assertThat(f.differences(Set.of())).isEmpty();
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
    }

    @Test
    void aTargetDroppingItsConnectionsMidRunIsRetriedNotDeadLettered(TestInfo test) {
        MigrationFixture f = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), 6000, 20);
        fixture = f;
        f.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
        ScheduledExecutorService dba = Executors.newSingleThreadScheduledExecutor();
        try (ServiceProcess service = f.startService("only", FAST_RETRIES)) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            await().atMost(TIMEOUT).until(() -> f.committed("clients") > 500);
            // what a database restart does to the pool: every connection of the service is cut, several times
            dba.scheduleAtFixedRate(() -> f.target.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"), 0, 400, TimeUnit.MILLISECONDS);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            dba.shutdownNow();
            Response run = api.awaitEnd(id, TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        } finally {
            dba.shutdownNow();
        }
        assertThat(f.differences(Set.of())).isEmpty();
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
    }

    @Test
    void aKeyAnotherWriterPutsIntoTheTargetMidCopyIsUpsertedNeitherDoubledNorDeadLettered(TestInfo test) {
        MigrationFixture f = fixture(test);
        String firstClient = f.source.rows("SELECT row_to_json(c)::text FROM clients c ORDER BY id LIMIT 1").get(0).get(0);
        AtomicBoolean written = new AtomicBoolean();
        // after the copy found the clients key range empty in the target (and chose COPY), and before its first
        // page arrives, another writer puts a stale version of that page's first row into the target
        f.faults.use(request -> {
            if ("GET".equals(request.method()) && "clients".equals(request.table()) && request.rawQuery() != null
                    && request.rawQuery().contains("visit_history") && !request.rawQuery().endsWith("limit=1")
                    && written.compareAndSet(false, true)) {
                // as its own writer would, whatever the tables the copy has loaded so far
                f.target.execute("SET session_replication_role = replica; INSERT INTO clients SELECT * FROM json_populate_record(NULL::clients, "
                        + "jsonb_set('" + firstClient.replace("'", "''") + "'::jsonb, '{name}', '\"stale copy\"')::json)");
            }
            return Optional.empty();
        });
        try (ServiceProcess service = f.startService("only", FAST_RETRIES)) {
            Response run = runToEnd(f.api(service), null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getLong("tables.find { it.table == 'clients' }.updated")).as(run.asString()).isEqualTo(1);
            assertThat(service.output()).contains("already holds keys in key range");
        }
        assertThat(written).isTrue();
        assertThat(f.differences(Set.of())).isEmpty();
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
    }

    @Test
    void aSourceThatStaysDownFailsTheRunNamingTableKeyAndCauseAndTheRunResumesLater(TestInfo test) {
        MigrationFixture f = fixture(test);
        // requests 1 and 2 count the rows and read the watermark, 3 and 4 are the first pages
        ScriptedFaultInjector outage = new ScriptedFaultInjector();
        for (int i = 5; i < 40; i++) {
            outage.failNth("clients", i, Fault.http503());
        }
        f.faults.use(outage);
        Map<String, String> settings = new java.util.HashMap<>(FAST_RETRIES);
        settings.put("MIGRATOR_SOURCE_RETRIES", "3");
        try (ServiceProcess service = f.startService("only", settings)) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            Response failed = api.awaitEnd(id, TIMEOUT);
            assertThat(failed.jsonPath().getString("state")).isEqualTo("FAILED");
            // names the table, where its key range stood (ranges are read in parallel) and the cause
            assertThat(failed.jsonPath().getString("error"))
                    .matches("source failed page of clients (after id=\\d+|from the start) \\(/rest/v1/clients\\) with HTTP 503: .*");
            assertThat(failed.jsonPath().getString("tables.find { it.table == 'clients' }.state")).isEqualTo("FAILED");

            f.faults.clear();
            api.request().post("/api/migrations/" + id + "/resume").then().statusCode(202);
            assertThat(api.awaitEnd(id, TIMEOUT).jsonPath().getString("state")).isEqualTo("SUCCEEDED");
        }
        assertThat(f.differences(Set.of())).isEmpty();
    }

    @Test
    void badInputGetsOneClearMessageEach(TestInfo test) {
        MigrationFixture f = fixture(test, server -> server.denyTable("whatsapp_auth"));
        f.source.execute("DELETE FROM dialog_contexts");
        Map<String, String> settings = new java.util.HashMap<>(FAST_RETRIES);
        settings.put("MIGRATOR_SOURCE_RETRIES", "1");
        try (ServiceProcess service = f.startService("only", settings)) {
            ControlApi api = f.api(service);
            assertThat(runToEnd(api, "{\"tables\":[\"companies\",\"dialog_contexts\"]}").jsonPath().getString("state"))
                    .as("an empty table is copied and verified").isEqualTo("SUCCEEDED");
            assertThat(runToEnd(api, "{\"tables\":[\"whatsapp_auth\"]}").jsonPath().getString("error"))
                    .startsWith("source refused first row of whatsapp_auth").contains("HTTP 403")
                    .contains("permission denied for table whatsapp_auth");
            f.faults.use(request -> "staff".equals(request.table()) && request.rawQuery().contains("order=%22id%22.asc")
                    && !request.rawQuery().endsWith("limit=1")
                    ? java.util.Optional.of(Fault.objectBody()) : java.util.Optional.empty());
            assertThat(runToEnd(api, "{\"tables\":[\"staff\"]}").jsonPath().getString("error"))
                    .contains("expected a JSON array of rows");
            f.faults.clear();
        }

        Map<String, String> wrongKey = new java.util.HashMap<>(settings);
        wrongKey.put("SUPABASE_SERVICE_ROLE_KEY", "not-the-key");
        try (ServiceProcess service = f.startService("wrong-key", wrongKey)) {
            assertThat(runToEnd(f.api(service), null).jsonPath().getString("error"))
                    .isEqualTo("source refused API description (/rest/v1/) with HTTP 401: Invalid API key"
                            + " (Double check your Supabase `anon` or `service_role` API key.)."
                            + " Check SUPABASE_SERVICE_ROLE_KEY and that the key may read the table");
            assertThat(service.output()).doesNotContain("not-the-key");
        }

        Map<String, String> wrongUrl = new java.util.HashMap<>(settings);
        wrongUrl.put("SUPABASE_URL", "http://127.0.0.1:9");
        wrongUrl.put("MIGRATOR_TABLES", "companies,clientz");
        try (ServiceProcess service = f.startService("wrong-url", wrongUrl)) {
            assertThat(runToEnd(f.api(service), null).jsonPath().getString("error"))
                    .startsWith("source unreachable for API description").endsWith("Check SUPABASE_URL");
        }

        Map<String, String> unknownTable = new java.util.HashMap<>(settings);
        unknownTable.put("MIGRATOR_TABLES", "companies,clientz");
        try (ServiceProcess service = f.startService("unknown-table", unknownTable)) {
            assertThat(runToEnd(f.api(service), null).jsonPath().getString("error"))
                    .contains("clientz: the source has no table clientz").contains("clientz: the target has no table clientz");
        }

        Map<String, String> wrongUser = new java.util.HashMap<>(settings);
        wrongUser.put("TARGET_DB_USER", "no_such_role");
        assertThatThrownBy(() -> f.startService("wrong-user", wrongUser))
                .hasMessageContaining("Cannot prepare the target database " + f.target.jdbcUrl() + " as no_such_role")
                .hasMessageContaining("role \"no_such_role\" does not exist");

        Map<String, String> malformed = new java.util.HashMap<>(settings);
        malformed.put("MIGRATOR_PAGE_SIZE", "lots");
        malformed.put("SUPABASE_URL", "supabase.example.com");
        assertThatThrownBy(() -> f.startService("malformed", malformed))
                .hasMessageContaining("migrator.page-size").hasMessageContaining("lots")
                .hasMessageContaining("supabase.url").hasMessageContaining("https://abcdefgh.supabase.co");
    }

    Response runToEnd(ControlApi api, String body) {
        return api.awaitEnd(api.start(body), TIMEOUT);
    }

    void assertNoSecretShown(ServiceProcess service) {
        List<String> shown = List.of(service.output(),
                io.restassured.RestAssured.get(service.baseUrl() + "/q/metrics").asString(),
                io.restassured.RestAssured.get(service.baseUrl() + "/q/health").asString(),
                fixture.api(service).request().get("/api/migrations").asString(),
                fixture.api(service).request().get("/api/dead-letters").asString());
        for (String text : shown) {
            assertThat(text).doesNotContain(MigrationFixture.KEY).doesNotContain(MigrationFixture.TOKEN)
                    .doesNotContain(TARGET_PASSWORD);
        }
    }
}
