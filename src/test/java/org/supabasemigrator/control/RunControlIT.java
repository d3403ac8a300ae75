package org.supabasemigrator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;

import io.restassured.response.Response;

/**
 * Run control against the packaged service as a process, as it runs in a pod: killed with SIGKILL midway
 * through a table, stopped by an operator, shut down with SIGTERM, started twice; every interrupted run
 * resumes to a target equal to the source, with no row and no dead letter twice.
 */
class RunControlIT {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    static final String POISON = "3";

    MigrationFixture fixture;

    MigrationFixture fixture(TestInfo test, int extraClients, long latencyMs) {
        fixture = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), extraClients, latencyMs);
        return fixture;
    }

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aRunKilledMidTableResumesToExactlyTheSourceContent(TestInfo test) {
        MigrationFixture f = fixture(test, 6000, 40);
        long id;
        try (ServiceProcess first = f.startService("first", Map.of())) {
            id = f.api(first).start(null);
            await().atMost(RUN_TIMEOUT).until(() -> f.committed("clients") >= 2000);
            first.kill();
        }
        assertThat(f.committed("clients")).as("killed midway").isLessThan(8503);
        assertThat(f.target.rows("SELECT state FROM migrator.migration_run WHERE id = " + id)).containsExactly(List.of("RUNNING"));
        // the killed process left the secondary indexes of the tables it was loading dropped, and noted
        assertThat(f.target.rows("SELECT index_name FROM migrator.deferred_index WHERE table_name = 'clients' ORDER BY 1"))
                .containsExactly(List.of("clients_company_idx"), List.of("clients_phone_idx"));
        assertThat(clientsIndexes(f)).as("clients' indexes while killed").containsExactly(List.of("clients_pkey"));

        try (ServiceProcess second = f.startService("second", Map.of())) {
            ControlApi api = f.api(second);
            // built again as the next process starts, before anything else
            assertThat(clientsIndexes(f)).as("clients' indexes after the restart")
                    .containsExactly(List.of("clients_company_idx"), List.of("clients_phone_idx"), List.of("clients_pkey"));
            assertThat(f.target.count("SELECT count(*) FROM migrator.deferred_index")).isZero();
            Response interrupted = api.run(id);
            assertThat(interrupted.jsonPath().getString("state")).isEqualTo("STOPPED");
            assertThat(interrupted.jsonPath().getString("stopReason")).isEqualTo("interrupted");

            api.request().post("/api/migrations/" + id + "/resume").then().statusCode(202);
            Response run = api.awaitEnd(id, RUN_TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
        }
        assertThat(f.differences(Set.of(POISON))).isEmpty();
        assertThat(f.target.rows("SELECT primary_key::text, count(*) FROM migrator.dead_letter GROUP BY 1"))
                .containsExactly(List.of("{\"id\": \"3\"}", "1"));
        assertThat(f.committed("clients")).as("rows counted once").isEqualTo(8502);
    }

    static List<List<String>> clientsIndexes(MigrationFixture f) {
        return f.target.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'clients' ORDER BY 1");
    }

    @Test
    void aRestartedPodResumesTheInterruptedRunByItself(TestInfo test) {
        MigrationFixture f = fixture(test, 6000, 40);
        long id;
        try (ServiceProcess first = f.startService("first", Map.of())) {
            id = f.api(first).start(null);
            await().atMost(RUN_TIMEOUT).until(() -> f.committed("clients") >= 1000);
            first.kill();
        }
        try (ServiceProcess second = f.startService("second", Map.of("MIGRATOR_RESUME_ON_START", "true"))) {
            Response run = f.api(second).awaitEnd(id, RUN_TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
        }
        assertThat(f.differences(Set.of(POISON))).isEmpty();
    }

    @Test
    void anOperatorStopsARunAndResumesIt(TestInfo test) {
        MigrationFixture f = fixture(test, 6000, 40);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            await().atMost(RUN_TIMEOUT).until(() -> f.committed("clients") >= 1000);

            api.request().post("/api/migrations/" + id + "/stop").then().statusCode(202);
            Response stopped = api.awaitEnd(id, RUN_TIMEOUT);
            assertThat(stopped.jsonPath().getString("state")).isEqualTo("STOPPED");
            assertThat(stopped.jsonPath().getString("stopReason")).isEqualTo("operator");
            long written = f.committed("clients");
            assertThat(written).isLessThan(8502);
            assertThat(clientsIndexes(f)).as("clients' indexes after the stop")
                    .containsExactly(List.of("clients_company_idx"), List.of("clients_phone_idx"), List.of("clients_pkey"));
            assertThat(f.target.count("SELECT count(*) FROM clients")).as("every written row checkpointed").isEqualTo(written);

            api.request().post("/api/migrations/" + id + "/resume").then().statusCode(202);
            assertThat(api.awaitEnd(id, RUN_TIMEOUT).jsonPath().getString("state")).isEqualTo("INCOMPLETE");
        }
        assertThat(f.differences(Set.of(POISON))).isEmpty();
    }

    @Test
    void sigtermWritesTheBatchesInFlightRecordsStoppedAndLeavesARunToResume(TestInfo test) {
        MigrationFixture f = fixture(test, 6000, 40);
        long id;
        try (ServiceProcess first = f.startService("first", Map.of())) {
            id = f.api(first).start(null);
            await().atMost(RUN_TIMEOUT).until(() -> f.committed("clients") >= 1000);
            first.terminate(Duration.ofSeconds(40));
            assertThat(first.output()).contains("stopped cleanly");
        }
        assertThat(f.target.rows("SELECT state, stop_reason FROM migrator.migration_run WHERE id = " + id))
                .containsExactly(List.of("STOPPED", "shutdown"));
        assertThat(f.target.count("SELECT count(*) FROM clients")).as("no row written without its checkpoint")
                .isEqualTo(f.committed("clients"));

        try (ServiceProcess second = f.startService("second", Map.of("MIGRATOR_RESUME_ON_START", "true"))) {
            assertThat(f.api(second).awaitEnd(id, RUN_TIMEOUT).jsonPath().getString("state")).isEqualTo("INCOMPLETE");
        }
        assertThat(f.differences(Set.of(POISON))).isEmpty();
    }

    @Test
    void onlyOneRunAtATimeAlsoAcrossReplicas(TestInfo test) {
        MigrationFixture f = fixture(test, 3000, 40);
        try (ServiceProcess one = f.startService("one", Map.of()); ServiceProcess two = f.startService("two", Map.of())) {
            long id = f.api(one).start(null);
            f.api(one).request().post("/api/migrations").then().statusCode(409)
                    .body("message", containsString("run " + id));
            f.api(two).request().post("/api/migrations").then().statusCode(409)
                    .body("message", containsString("another replica"));
            // a dead-letter replay refused while the run is active leaves the run its lock
            f.api(one).request().post("/api/dead-letters/replay").then().statusCode(409);
            f.api(two).request().post("/api/migrations").then().statusCode(409);
            assertThat(f.api(one).awaitEnd(id, RUN_TIMEOUT).jsonPath().getString("state")).isEqualTo("INCOMPLETE");

            // the lock went with the run: the other replica may run now
            long next = f.api(two).start("{\"tables\":[\"companies\"]}");
            assertThat(f.api(two).awaitEnd(next, RUN_TIMEOUT).jsonPath().getString("state")).isEqualTo("SUCCEEDED");
            List<Long> ids = f.api(one).request().get("/api/migrations").jsonPath().getList("id", Long.class);
            assertThat(ids).containsExactly(next, id);
        }
    }

    @Test
    void deadLettersAreListedWithTheirReasonAndReplayedOnceTheCauseIsFixed(TestInfo test) {
        MigrationFixture f = fixture(test, 0, 0);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            api.awaitEnd(id, RUN_TIMEOUT);

            api.request().queryParam("migration", id).queryParam("table", "clients").get("/api/dead-letters").then()
                    .statusCode(200).body("total", equalTo(1)).body("items[0].primaryKey.id", equalTo(POISON))
                    .body("items[0].sqlState", equalTo("23514"))
                    .body("items[0].error", containsString("visit_count_not_negative"))
                    .body("items[0].record.visit_count", equalTo(-2147483648));

            api.request().post("/api/dead-letters/replay").then().statusCode(200)
                    .body("succeeded", equalTo(0)).body("failed", equalTo(1));

            f.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
            api.request().contentType("application/json").body("{\"migration\":" + id + ",\"table\":\"clients\"}")
                    .post("/api/dead-letters/replay").then().statusCode(200)
                    .body("succeeded", equalTo(1)).body("failed", equalTo(0));
            api.request().get("/api/dead-letters").then().body("total", equalTo(0));
        }
        assertThat(f.differences(Set.of())).isEmpty();
    }

    @Test
    void aPostWithoutABodyStartsARunOfEveryTableWithTheDefaults(TestInfo test) throws Exception {
        MigrationFixture f = fixture(test, 0, 0);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            // as curl -X POST without -d sends it: no body, no Content-Type
            java.net.http.HttpResponse<String> started = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(service.baseUrl() + "/api/migrations"))
                            .header("Authorization", "Bearer " + MigrationFixture.TOKEN)
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = io.restassured.path.json.JsonPath.from(started.body()).getLong("id");
            Response run = f.api(service).awaitEnd(id, RUN_TIMEOUT);
            // every table read to its end; the fixture's one row the target refuses keeps it from SUCCEEDED
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
            assertThat(run.jsonPath().getString("error")).isEqualTo("clients: 1 dead-lettered row(s)");
            assertThat(run.jsonPath().getString("mode")).isEqualTo("full");
            assertThat(run.jsonPath().getList("tables")).hasSize(9);
        }
    }

    @Test
    void everyRefusalAnswersJsonWithAMessage(TestInfo test) {
        MigrationFixture f = fixture(test, 0, 0);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            io.restassured.RestAssured.given().baseUri(service.baseUrl()).get("/api/migrations").then().statusCode(401)
                    .body("status", equalTo(401)).body("message", containsString("bearer token"));
            api.request().get("/api/migrations/424242").then().statusCode(404).body("message", containsString("424242"));
            api.request().post("/api/migrations/424242/resume").then().statusCode(404);
            api.request().get("/api/nothing-here").then().statusCode(404).body("error", equalTo("Not Found"));
            api.request().contentType("application/json").body("{\"tables\":[\"clientz\"]}").post("/api/migrations")
                    .then().statusCode(400).body("message", containsString("clientz"));
            api.request().contentType("application/json").body("{\"mode\":\"sideways\"}").post("/api/migrations")
                    .then().statusCode(400).body("message", containsString("sideways"));
            api.request().contentType("application/json").body("{not json").post("/api/migrations")
                    .then().statusCode(400);
            assertThat(service.output()).doesNotContain(MigrationFixture.TOKEN).doesNotContain(MigrationFixture.KEY);
        }
    }
}
