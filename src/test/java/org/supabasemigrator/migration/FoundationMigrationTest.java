package org.supabasemigrator.migration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.supabasemigrator.testsupport.BotMigrationEnvironment;
import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.TestDatabase;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The whole main path against real parts: the bot's tables, full of values that break naive migrations,
 * read over HTTP from a PostgREST-compatible source that caps pages at 250 rows, written into a real
 * PostgreSQL target whose CHECK constraint refuses one client.
 */
@QuarkusTest
@QuarkusTestResource(value = BotMigrationEnvironment.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationMigrationTest {

    /** Table name to its primary key, in migration order. */
    static final Map<String, String> TABLES = MigrationFixture.TABLES;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    ControlApi api() {
        return new ControlApi("http://127.0.0.1:" + port, BotMigrationEnvironment.CONTROL_TOKEN);
    }

    @Test
    @Order(1)
    void migratesEveryTableSoTheTargetEqualsTheSourceExceptTheRefusedRow() {
        long id = api().start(null);
        Response run = api().awaitEnd(id, Duration.ofMinutes(2));

        // the refused row keeps the run from succeeding: it is INCOMPLETE, and its error says why
        assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
        assertThat(run.jsonPath().getString("error")).isEqualTo("clients: 1 dead-lettered row(s)");
        TestDatabase source = BotMigrationEnvironment.source();
        TestDatabase target = BotMigrationEnvironment.target();
        TABLES.forEach((table, key) -> assertThat(ContentComparison.differences(source, target, table, key,
                table.equals("clients") ? Set.of(BotMigrationEnvironment.POISON_CLIENT) : Set.of()))
                .as(table).isEmpty());

        Map<String, Object> clients = table(run, "clients");
        assertThat(clients).containsEntry("sourceRows", 2503).containsEntry("read", 2503)
                .containsEntry("written", 2502).containsEntry("deadLettered", 1).containsEntry("verified", false);
        assertThat(table(run, "whatsapp_keys")).containsEntry("written", 712).containsEntry("verified", true);
    }

    @Test
    @Order(2)
    void theRefusedRowIsKeptAsReceivedWithItsReason() {
        List<List<String>> deadLetters = BotMigrationEnvironment.target().rows(
                "SELECT table_name, primary_key::text, sql_state, error_message, record FROM migrator.dead_letter");
        assertThat(deadLetters).hasSize(1);
        List<String> letter = deadLetters.get(0);
        assertThat(letter.subList(0, 3)).containsExactly("clients", "{\"id\": \"3\"}", "23514");
        assertThat(letter.get(3)).contains("visit_count_not_negative");
        assertThat(letter.get(4)).startsWith("{\"id\":3,").contains("\"visit_count\":-2147483648");
    }

    @Test
    @Order(3)
    void aRerunChangesNothing() {
        TestDatabase target = BotMigrationEnvironment.target();
        Map<String, List<List<String>>> versionsBefore = rowVersions(target);

        long id = api().start(null);
        Response run = api().awaitEnd(id, Duration.ofMinutes(2));

        assertThat(run.jsonPath().getString("state")).isEqualTo("INCOMPLETE");
        assertThat(rowVersions(target)).as("no row rewritten").isEqualTo(versionsBefore);
        TABLES.forEach((table, key) -> assertThat(ContentComparison.differences(BotMigrationEnvironment.source(), target,
                table, key, table.equals("clients") ? Set.of(BotMigrationEnvironment.POISON_CLIENT) : Set.of()))
                .as(table).isEmpty());
    }

    @Test
    @Order(4)
    void onlyTheRequestedTablesAreCopiedInConfiguredOrder() {
        long id = api().start("{\"tables\":[\"whatsapp_keys\",\"companies\"]}");
        Response run = api().awaitEnd(id, Duration.ofMinutes(1));
        assertThat(run.jsonPath().getList("tables.table")).containsExactly("companies", "whatsapp_keys");
    }

    @Test
    @Order(5)
    void batchesCommitWithoutWaitingForTheDiskCompressedWithLz4AndATablesOutcomeCommitsDurablyAfterThem() {
        TestDatabase target = BotMigrationEnvironment.target();
        // triggers note the settings each write and the table's outcome are committed with
        target.execute("""
                CREATE TABLE public.commit_modes (seen text, mode text);
                CREATE FUNCTION public.note_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.commit_modes VALUES (TG_ARGV[0],
                        current_setting('synchronous_commit') || ' ' || current_setting('default_toast_compression')
                        || ' ' || current_setting('session_replication_role'));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER note_batch AFTER INSERT OR UPDATE ON public.whatsapp_keys
                    FOR EACH STATEMENT EXECUTE FUNCTION public.note_commit_mode('batch');
                -- write sessions run as replicas (no ordinary trigger fires): this one fires always, so it sees them
                ALTER TABLE public.whatsapp_keys ENABLE ALWAYS TRIGGER note_batch;
                CREATE TRIGGER note_outcome AFTER UPDATE ON migrator.table_progress
                    FOR EACH ROW WHEN (NEW.state = 'SUCCEEDED') EXECUTE FUNCTION public.note_commit_mode('outcome');
                DELETE FROM public.whatsapp_keys WHERE ctid IN (SELECT ctid FROM public.whatsapp_keys LIMIT 100);
                """);
        try {
            Response run = api().awaitEnd(api().start("{\"tables\":[\"whatsapp_keys\"],\"allowTriggers\":true}"),
                    Duration.ofMinutes(1));

            assertThat(run.jsonPath().getString("state")).isEqualTo("SUCCEEDED");
            String serverDefaults = target.rows("SELECT current_setting('synchronous_commit') || ' '"
                    + " || current_setting('default_toast_compression')").get(0).get(0);
            assertThat(target.rows("SELECT DISTINCT seen, mode FROM public.commit_modes ORDER BY seen"))
                    .containsExactly(List.of("batch", "off lz4 replica"), List.of("outcome", serverDefaults + " origin"));
            assertThat(ContentComparison.differences(BotMigrationEnvironment.source(), target, "whatsapp_keys",
                    TABLES.get("whatsapp_keys"), Set.of())).isEmpty();
        } finally {
            target.execute("""
                    DROP TRIGGER note_batch ON public.whatsapp_keys;
                    DROP TRIGGER note_outcome ON migrator.table_progress;
                    DROP FUNCTION public.note_commit_mode();
                    DROP TABLE public.commit_modes;
                    """);
        }
    }

    @Test
    void theControlApiIsClosedWithoutTheBearerToken() {
        given().baseUri("http://127.0.0.1:" + port).post("/api/migrations")
                .then().statusCode(401).body("message", containsString("bearer token"));
        given().baseUri("http://127.0.0.1:" + port).header("Authorization", "Bearer wrong").get("/api/migrations/1")
                .then().statusCode(401);
    }

    @Test
    void unknownTablesAndRunsAreRefusedWithAJsonMessage() {
        api().request().contentType("application/json").body("{\"tables\":[\"clientz\"]}").post("/api/migrations")
                .then().statusCode(400).body("message", containsString("clientz"));
        api().request().get("/api/migrations/987654").then().statusCode(404).body("status", equalTo(404));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> table(Response run, String table) {
        List<Map<String, Object>> tables = run.jsonPath().getList("tables");
        return tables.stream().filter(t -> t.get("table").equals(table)).findFirst().orElseThrow();
    }

    /** Every row's physical version: unchanged when a re-run wrote nothing. */
    static Map<String, List<List<String>>> rowVersions(TestDatabase db) {
        Map<String, List<List<String>>> versions = new java.util.LinkedHashMap<>();
        TABLES.forEach((table, key) -> versions.put(table,
                db.rows("SELECT (" + key + ")::text, xmin::text FROM " + table + " ORDER BY " + key)));
        return versions;
    }
}
