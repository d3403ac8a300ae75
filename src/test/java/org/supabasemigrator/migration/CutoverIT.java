package org.supabasemigrator.migration;

import static org.assertj.core.api.Assertions.assertThat;
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

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The cutover: schema preflight before a row moves, target tables created on request, then full copy,
 * changes in the source, incremental sync and verification, ending with every table verified row by row.
 */
class CutoverIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    MigrationFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    MigrationFixture fixture(TestInfo test) {
        fixture = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), 0, 0);
        fixture.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
        return fixture;
    }

    @Test
    void aMissingColumnOrAWrongTypeFailsTheRunBeforeAnyRowIsWritten(TestInfo test) {
        MigrationFixture f = fixture(test);
        f.target.execute("ALTER TABLE clients DROP COLUMN loyalty_level;"
                + " ALTER TABLE services ALTER COLUMN declensions TYPE text;"
                + " ALTER TABLE staff ALTER COLUMN services TYPE text[];"
                + " ALTER TABLE bookings ADD COLUMN source_system text NOT NULL");
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            Response run = api.awaitEnd(api.start(null), TIMEOUT);

            assertThat(run.jsonPath().getString("state")).isEqualTo("FAILED");
            assertThat(run.jsonPath().getString("error")).contains("nothing was written")
                    .contains("clients.loyalty_level: column missing in the target (source type text)")
                    .contains("services.declensions: type mismatch: source jsonb, target text")
                    .contains("staff.services: type mismatch: source integer[], target text[]")
                    .contains("bookings.source_system: target-only column is NOT NULL without a default");
            MigrationFixture.TABLES.keySet().forEach(table ->
                    assertThat(f.target.count("SELECT count(*) FROM " + table)).as(table).isZero());

            JsonPath diff = api.request().get("/api/schema/diff").then().statusCode(200).extract().jsonPath();
            assertThat(diff.getBoolean("ok")).isFalse();
            assertThat(diff.getString("tables.find { it.table == 'services' }.problems[0].kind")).isEqualTo("TYPE_MISMATCH");
            assertThat(diff.getString("tables.find { it.table == 'services' }.problems[0].sourceType")).isEqualTo("jsonb");
            assertThat(diff.getString("tables.find { it.table == 'services' }.problems[0].targetType")).isEqualTo("text");
            assertThat(diff.getBoolean("tables.find { it.table == 'companies' }.ok")).isTrue();
        }
    }

    @Test
    void missingTargetTablesAreCreatedFromTheSourceDescriptionWhenAsked(TestInfo test) {
        MigrationFixture f = fixture(test);
        f.target.execute("DROP TABLE bookings, dialog_contexts, whatsapp_keys");
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            Response refused = api.awaitEnd(api.start(null), TIMEOUT);
            assertThat(refused.jsonPath().getString("error")).contains("bookings: the target has no table bookings");

            Response run = api.awaitEnd(api.start("{\"createMissingTables\":true}"), TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getList("tables.verified", Boolean.class)).containsOnly(true);
        }
        assertThat(f.differences(Set.of())).isEmpty();
    }

    @Test
    void fullCopyThenSourceChangesThenIncrementalThenVerifyEndsVerifiedEverywhere(TestInfo test) {
        MigrationFixture f = fixture(test);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            Response full = api.awaitEnd(api.start(null), TIMEOUT);
            assertThat(full.jsonPath().getString("state")).isEqualTo("SUCCEEDED");
            assertThat(full.jsonPath().getList("tables.verified", Boolean.class)).containsOnly(true);

            // the bot keeps writing to Supabase while the bulk copy is checked
            f.source.execute("""
                    INSERT INTO clients (id, company_id, name, visit_history, favorite_staff_ids, updated_at)
                    VALUES (900001, 1, 'Новая клиентка', '[{"cost": 990.00}]', '{7,NULL}', now()),
                           (900002, 1, 'Ещё одна', NULL, '{}', now());
                    UPDATE clients SET ai_context = '{"last_intent": "cancel", "note": null}', updated_at = now() WHERE id = 103;
                    UPDATE clients SET favorite_staff_ids = '{5,6,7}', updated_at = now() WHERE id = 106;
                    UPDATE services SET declensions = jsonb_set(declensions, '{accs}', '"стрижечку"'), updated_at = now() WHERE id = 1;
                    DELETE FROM clients WHERE id = 109;
                    """);

            long id = api.start("{\"mode\":\"incremental\",\"deleteMissing\":true}");
            Response incremental = api.awaitEnd(id, TIMEOUT);
            assertThat(incremental.jsonPath().getString("state")).as(incremental.asString()).isEqualTo("SUCCEEDED");
            Map<String, Object> clients = table(incremental, "clients");
            assertThat(clients).containsEntry("inserted", 2).containsEntry("updated", 2)
                    .containsEntry("missingInSource", 1).containsEntry("deleted", 1);
            assertThat((Integer) clients.get("read")).as("only changed rows are read").isLessThan(20);
            assertThat(table(incremental, "services")).containsEntry("updated", 1).containsEntry("inserted", 0);

            Response verify = api.awaitEnd(api.start("{\"mode\":\"verify\"}"), TIMEOUT);
            assertThat(verify.jsonPath().getString("state")).isEqualTo("SUCCEEDED");
            assertThat(verify.jsonPath().getList("tables.verified", Boolean.class)).hasSize(9).containsOnly(true);
            assertThat(verify.jsonPath().getInt("tables.find { it.table == 'clients' }.verification.equal")).isEqualTo(2504);
        }
        assertThat(f.differences(Set.of())).isEmpty();
    }

    @Test
    void verificationFindsASingleChangedJsonbValueAndArrayElementAndNamesTheColumns(TestInfo test) {
        MigrationFixture f = fixture(test);
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            api.awaitEnd(api.start(null), TIMEOUT);

            f.target.execute("UPDATE clients SET preferences = jsonb_set(preferences, '{master}', '5') WHERE id = 106;"
                    + " UPDATE clients SET favorite_staff_ids[2] = 11 WHERE id = 103;"
                    + " DELETE FROM whatsapp_keys WHERE key_id = 'group,with,commas';"
                    + " INSERT INTO staff (id, company_id, name) VALUES (77, 1, 'Лишний')");

            Response verify = api.awaitEnd(api.start("{\"mode\":\"verify\"}"), TIMEOUT);
            JsonPath report = verify.jsonPath();
            assertThat(report.getBoolean("tables.find { it.table == 'clients' }.verified")).isFalse();
            assertThat(report.getInt("tables.find { it.table == 'clients' }.verification.different")).isEqualTo(2);
            assertThat(report.getList("tables.find { it.table == 'clients' }.verification.examples.columns"))
                    .containsExactlyInAnyOrder(List.of("preferences"), List.of("favorite_staff_ids"));
            assertThat(report.getList("tables.find { it.table == 'clients' }.verification.examples.key"))
                    .containsExactlyInAnyOrder(List.of("103"), List.of("106"));
            assertThat(report.getInt("tables.find { it.table == 'whatsapp_keys' }.verification.missing")).isEqualTo(1);
            assertThat(report.getInt("tables.find { it.table == 'staff' }.verification.extra")).isEqualTo(1);
            assertThat(report.getBoolean("tables.find { it.table == 'companies' }.verified")).isTrue();
            api.request().get("/api/migrations/" + report.getLong("id")).then()
                    .body("tables.find { it.table == 'staff' }.verification.examples[0].key[0]", equalTo("77"))
                    .body("tables.find { it.table == 'staff' }.verification.examples[0].problem", containsString("extra"));
        }
    }

    @Test
    void underRereadVerificationAFullRunReadsEveryRangeAgainOnceCopiedAndFindsWhatTheTargetChanged(TestInfo test) {
        MigrationFixture f = fixture(test);
        // an app trigger the run is allowed to fire rewrites one client as it lands
        f.target.execute("CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.id = 106 THEN NEW.name := upper(NEW.name); END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER shout BEFORE INSERT OR UPDATE ON clients FOR EACH ROW EXECUTE FUNCTION shout();"
                + " ALTER TABLE clients ENABLE ALWAYS TRIGGER shout");
        try (ServiceProcess service = f.startService("only", Map.of("MIGRATOR_VERIFICATION", "REREAD"))) {
            ControlApi api = f.api(service);
            Response run = api.awaitEnd(api.start("{\"allowTriggers\":true}"), TIMEOUT);

            JsonPath report = run.jsonPath();
            assertThat(report.getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
            assertThat(report.getString("error")).contains("clients: 1 row(s) different");
            assertThat(report.getInt("tables.find { it.table == 'clients' }.verification.equal")).isEqualTo(2502);
            assertThat(report.getList("tables.find { it.table == 'clients' }.verification.examples.columns"))
                    .containsExactly(List.of("name"));
            assertThat(report.getList("tables.findAll { it.table != 'clients' }.verified", Boolean.class))
                    .hasSize(8).containsOnly(true);
            long id = report.getLong("id");
            // the comparison is the second pass's: every range of the copy read again, nothing compared in flight
            assertThat(f.target.count("SELECT count(*) FROM migrator.slice_checkpoint WHERE run_id = " + id
                    + " AND purpose = 'VERIFY'")).isEqualTo(f.target.count("SELECT count(*) FROM"
                    + " migrator.slice_checkpoint WHERE run_id = " + id + " AND purpose = 'COPY'"));
            assertThat(f.target.count("SELECT sum(rows_equal) FROM migrator.slice_checkpoint WHERE run_id = " + id
                    + " AND purpose = 'COPY'")).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> table(Response run, String table) {
        List<Map<String, Object>> tables = run.jsonPath().getList("tables");
        return tables.stream().filter(t -> t.get("table").equals(table)).findFirst().orElseThrow();
    }
}
