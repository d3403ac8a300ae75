package org.supabasemigrator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.supabasemigrator.testsupport.AppFixture;
import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.ServiceProcess;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Issue 16: any Supabase project, here one shaped like a typical app ({@code appdb/}), migrates with every table
 * found without a table list, loaded parents first whatever order the tables are named in, every row equal, no
 * dead letters where the source is consistent, no side effects of the target's own triggers, and sequences ahead
 * of the copied ids; an orphan the source holds is reported, not hidden; the preflight understands domains and
 * enums as PostgREST names them, yet refuses real mismatches and tables it cannot key.
 */
class AnySupabaseProjectIT {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    AppFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    AppFixture fixture(TestInfo test) {
        fixture = new AppFixture(test.getTestMethod().orElseThrow().getName());
        return fixture;
    }

    @Test
    void withoutATableListEveryTableIsFoundAndCopiedExactlyWithoutTriggerSideEffects(TestInfo test) {
        AppFixture f = fixture(test);
        String before = targetNow(f);
        List<List<String>> indexes = indexes(f);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            Response run = api.awaitEnd(id, TIMEOUT);

            // the plain secondary indexes were built once their table was in, and are back exactly as defined
            assertThat(service.output()).contains("secondary index(es) built once its rows are in")
                    .contains("comments_author_reply").contains("UserProfiles_display_name")
                    .doesNotContain("tenant_pages_tenant_order");
            assertThat(indexes(f)).as("the target's indexes after the run").isEqualTo(indexes);
            assertThat(f.target.count("SELECT count(*) FROM migrator.deferred_index")).as("indexes left to build").isZero();

            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getList("tables.table", String.class)).as("every table of public, nothing else")
                    .containsExactlyInAnyOrderElementsOf(AppFixture.TABLES.keySet());
            assertThat(run.jsonPath().getList("tables.verified", Boolean.class)).as(run.asString()).containsOnly(true);
            assertThat(run.jsonPath().getLong("totals.deadLettered")).isZero();
            assertThat(f.deadLetters(id)).isEmpty();
            assertThat(run.jsonPath().getList("notes", String.class)).as("what the target role allows")
                    .anyMatch(note -> note.contains("session_replication_role"));
        }
        assertThat(f.differences()).isEmpty();
        assertNoTriggerSideEffects(f, before);
        assertRowsWithLaterParentsLanded(f);

        // the table without a primary key was paged and written by its unique index of NOT NULL columns
        assertThat(f.target.count("SELECT count(*) FROM \"audit log-entries\"")).isEqualTo(1000);
        // hstore, where the server has it (in schema extensions, as on Supabase), round-trips
        if (f.source.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'UserProfiles'"
                + " AND column_name = 'attributes'") == 1) {
            String hstore = "SELECT id::text, attributes::text FROM \"UserProfiles\" WHERE attributes IS NOT NULL ORDER BY id";
            assertThat(f.source.rows(hstore)).hasSizeGreaterThan(300);
            assertThat(f.target.rows(hstore)).isEqualTo(f.source.rows(hstore));
        }

        assertSequencesAheadOfTheCopiedIds(f);
    }

    @Test
    void tablesListedChildrenFirstStillLoadParentsFirstWithoutADeadLetter(TestInfo test) {
        AppFixture f = fixture(test);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            long id = api.start("{\"tables\":[\"members\",\"teams\",\"comments\",\"invoices\",\"audit log-entries\","
                    + "\"tenant_pages\",\"rate_limits\",\"UserProfiles\"]}");
            Response run = api.awaitEnd(id, TIMEOUT);

            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getList("tables.table", String.class))
                    .containsExactlyInAnyOrderElementsOf(AppFixture.TABLES.keySet());
            assertThat(run.jsonPath().getLong("totals.deadLettered")).isZero();
            assertThat(f.deadLetters(id)).isEmpty();
        }
        assertThat(f.differences()).isEmpty();
        assertRowsWithLaterParentsLanded(f);
        assertThat(f.target.count("SELECT count(*) FROM audit")).isZero();
    }

    @Test
    void anIncrementalRunAfterInsertsUpdatesAndDeletesLeavesTheTargetEqualWithoutTriggerSideEffects(TestInfo test) {
        AppFixture f = fixture(test);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            Response full = api.awaitEnd(api.start(null), TIMEOUT);
            assertThat(full.jsonPath().getString("state")).as(full.asString()).isEqualTo("SUCCEEDED");

            // the app keeps writing to Supabase
            f.source.execute("""
                    INSERT INTO "UserProfiles" (id, email, "Display Name", "имя", status, past_statuses, home, settings,
                                                metadata, updated_at)
                    VALUES ('11111111-1111-4111-8111-111111111111', 'new@example.com', E'Новый "new"\\t👋', 'Новый',
                            'active', '{invited,active}', ROW('1 New St', 'Berlin', '10115'),
                            '{"k":1, "k":2}', 'null', now());
                    UPDATE "UserProfiles" SET "Display Name" = 'Renamed "again"', past_statuses = '{active,deleted}',
                           status = 'suspended', updated_at = now()
                     WHERE id = md5('user-5')::uuid;
                    INSERT INTO invoices (user_id, plan, amount, total, billed_for, updated_at)
                    VALUES ('11111111-1111-4111-8111-111111111111', 'a,b', 12.5, 12.5000,
                            '[2025-01-01,2025-02-01)', now());
                    DELETE FROM invoices WHERE id = 5;
                    -- a new comment replying to a newer new one, an edit now replying to a later comment, a deletion
                    INSERT INTO comments (id, author_id, reply_to, body, updated_at)
                    VALUES (3000, '11111111-1111-4111-8111-111111111111', 3001, 'reply to a newer comment', now()),
                           (3001, NULL, NULL, 'the newer comment', now());
                    UPDATE comments SET body = E'edited\\n"twice"', reply_to = 2500, updated_at = now() WHERE id = 1;
                    DELETE FROM comments WHERE id = 2;
                    UPDATE tenant_pages SET blocks = ARRAY['"changed"'::jsonb], scores = '[0:1]={5,6}', updated_at = now()
                     WHERE tenant_id = 1 AND slug = 'empty';
                    -- tables without updated_at: read again in full
                    UPDATE rate_limits SET burst = 99 WHERE "limit" = 'a,b';
                    DELETE FROM members WHERE id = 600;
                    """);
            String afterFull = targetNow(f);

            long id = api.start("{\"mode\":\"incremental\",\"deleteMissing\":true}");
            Response incremental = api.awaitEnd(id, TIMEOUT);
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(incremental.jsonPath().getString("state")).as(incremental.asString())
                        .isEqualTo("SUCCEEDED");
                soft.assertThat(incremental.jsonPath().getLong("totals.deadLettered")).isZero();
                soft.assertThat(f.deadLetters(id)).isEmpty();
                soft.assertThat(CutoverIT.table(incremental, "UserProfiles")).containsEntry("inserted", 1)
                        .containsEntry("updated", 1);
                soft.assertThat(CutoverIT.table(incremental, "invoices")).containsEntry("inserted", 1)
                        .containsEntry("missingInSource", 1).containsEntry("deleted", 1);
                soft.assertThat(CutoverIT.table(incremental, "comments")).containsEntry("inserted", 2)
                        .containsEntry("updated", 1).containsEntry("missingInSource", 1).containsEntry("deleted", 1);
                soft.assertThat(CutoverIT.table(incremental, "members")).containsEntry("missingInSource", 1)
                        .containsEntry("deleted", 1).containsEntry("verified", true);
                soft.assertThat(f.differences()).isEmpty();
                soft.assertThat(f.target.count("SELECT count(*) FROM audit")).as("audit rows for migrated inserts")
                        .isZero();
                soft.assertThat(f.target.count("SELECT count(*) FROM \"UserProfiles\" WHERE updated_at >= '"
                        + afterFull + "'")).as("UserProfiles.updated_at rewritten by the target's trigger").isZero();
                soft.assertThat(f.target.count("SELECT count(*) FROM comments WHERE updated_at >= '" + afterFull + "'"))
                        .as("comments.updated_at rewritten by the target's trigger").isZero();
            });
        }
        assertRowsWithLaterParentsLanded(f);
    }

    @Test
    void anOrphanTheSourceHoldsIsDeadLetteredWithItsConstraintAndTheRunIsIncomplete(TestInfo test) {
        AppFixture f = fixture(test);
        addOrphansToTheSource(f);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            Response run = api.awaitEnd(id, TIMEOUT);

            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("INCOMPLETE");
                soft.assertThat(String.valueOf(run.jsonPath().getString("error"))).as("error").contains("invoices")
                        .contains("comments");
                soft.assertThat(run.jsonPath().getLong("totals.deadLettered")).isEqualTo(2);
                soft.assertThat(CutoverIT.table(run, "invoices")).containsEntry("deadLettered", 1)
                        .doesNotContainEntry("verified", true);
                soft.assertThat(CutoverIT.table(run, "comments")).containsEntry("deadLettered", 1)
                        .doesNotContainEntry("verified", true);

                List<List<String>> letters = f.target.rows("SELECT table_name, primary_key->>'id', sql_state,"
                        + " error_message FROM migrator.dead_letter WHERE run_id = " + id + " ORDER BY table_name");
                soft.assertThat(letters).hasSize(2);
                if (letters.size() == 2) {
                    soft.assertThat(letters.get(0).subList(0, 3)).containsExactly("comments", "4000", "23503");
                    soft.assertThat(letters.get(0).get(3)).contains("comments_reply_to_fkey");
                    soft.assertThat(letters.get(1).subList(0, 3)).containsExactly("invoices", "5000", "23503");
                    soft.assertThat(letters.get(1).get(3)).contains("invoices_user_id_fkey");
                }
                soft.assertThat(f.target.count("SELECT count(*) FROM invoices WHERE id = 5000")).as("orphan invoice")
                        .isZero();
                soft.assertThat(f.target.count("SELECT count(*) FROM comments WHERE id = 4000")).as("orphan comment")
                        .isZero();
                soft.assertThat(f.differences(Map.of("invoices", Set.of("5000"), "comments", Set.of("4000")))).isEmpty();
                soft.assertThat(f.target.count("SELECT count(*) FROM audit")).isZero();
            });
        }
    }

    @Test
    void aReplayedDeadLetterLandsOnceItsParentIsThereWithoutFiringTheTargetsTriggers(TestInfo test) {
        AppFixture f = fixture(test);
        addOrphansToTheSource(f);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            api.awaitEnd(id, TIMEOUT);
            assertThat(f.deadLetters(id)).hasSize(2);

            // the operator supplies the missing parents in the target (the app's triggers fire for these writes)
            f.target.execute("INSERT INTO \"UserProfiles\" (id, email) VALUES ('deadbeef-0000-4000-8000-000000000000',"
                    + " 'found@example.com'); INSERT INTO comments (id, body) VALUES (4001, 'found parent')");
            api.request().contentType("application/json").body("{\"migration\":" + id + "}")
                    .post("/api/dead-letters/replay").then().statusCode(200)
                    .body("succeeded", equalTo(2)).body("failed", equalTo(0));
        }
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).as("dead letters left").isZero();
        for (String row : List.of("invoices t WHERE id = 5000", "comments t WHERE id = 4000")) {
            assertThat(f.target.rows("SELECT t::text FROM " + row)).as("replayed " + row + ", GENERATED ALWAYS id"
                    + " and updated_at as the source has them").isEqualTo(f.source.rows("SELECT t::text FROM " + row));
        }
        assertThat(f.target.count("SELECT count(*) FROM audit WHERE row_key IN ('5000', '4000')"))
                .as("audit rows written for replayed rows").isZero();
    }

    @Test
    void thePreflightAcceptsDomainsAndEnumsAsPostgrestNamesThemButRefusesARealMismatchBeforeAnyRowMoves(TestInfo test) {
        AppFixture f = fixture(test);
        try (ServiceProcess service = f.startService("only")) {
            ControlApi api = f.api(service);
            JsonPath diff = api.request().get("/api/schema/diff").then().statusCode(200).extract().jsonPath();
            assertThat(diff.getBoolean("ok")).as(diff.prettify()).isTrue();
            assertThat(diff.getList("tables.table", String.class))
                    .containsExactlyInAnyOrderElementsOf(AppFixture.TABLES.keySet());
            assertThat(diff.getList("tables.ok", Boolean.class)).containsOnly(true);

            // the target's columns of another type than the source's: another enum, text for jsonb
            f.target.execute("""
                    CREATE TYPE other_status AS ENUM ('x');
                    ALTER TABLE "UserProfiles" ALTER COLUMN past_statuses TYPE other_status[] USING NULL;
                    ALTER TABLE "audit log-entries" ALTER COLUMN details TYPE text;
                    """);
            long id = api.start(null);
            Response run = api.awaitEnd(id, TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("FAILED");
            assertThat(run.jsonPath().getString("error")).as(run.asString())
                    .contains("schema preflight failed, nothing was written")
                    .contains("UserProfiles.past_statuses: type mismatch")
                    .contains("audit log-entries.details: type mismatch: source jsonb, target text")
                    .doesNotContain("UserProfiles.email").doesNotContain("UserProfiles.status:")
                    .doesNotContain("UserProfiles.credit").doesNotContain("UserProfiles.home");
        }
        AppFixture.TABLES.keySet().forEach(table -> assertThat(
                f.target.count("SELECT count(*) FROM " + AppFixture.quoted(table))).as(table).isZero());
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
    }

    @Test
    void aTableWithNeitherPrimaryKeyNorUniqueIndexIsRefusedUntilItsKeyColumnsAreConfigured(TestInfo test) {
        AppFixture f = fixture(test);
        // and types whose cast to text is not their output (char(n) loses its padding, cidr and inet print their
        // mask, "char", name, boolean 'true'), which verification must print as the source sends them
        String pageViews = "CREATE TABLE page_views (visitor_id bigint NOT NULL, seq integer NOT NULL,"
                + " path text NOT NULL, viewed_at timestamptz NOT NULL, code char(5), net cidr, host inet,"
                + " grade \"char\", label name, bot boolean);";
        f.source.execute(pageViews + " INSERT INTO page_views SELECT i % 10, i, '/p/' || (i % 37),"
                + " timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second', 'c' || (i % 7),"
                + " CAST('10.' || (i % 200) || '.0.0/16' AS cidr), CAST('192.168.0.' || (i % 250) AS inet),"
                + " CAST(chr(97 + i % 26) AS \"char\"), CAST('label ' || i AS name), i % 3 = 0"
                + " FROM generate_series(1, 450) i");
        f.target.execute(pageViews);
        f.server.reloadSchemaCache();

        try (ServiceProcess service = f.startService("unkeyed")) {
            ControlApi api = f.api(service);
            Response run = api.awaitEnd(api.start(null), TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("FAILED");
            assertThat(run.jsonPath().getString("error")).as(run.asString())
                    .contains("nothing was written").contains("page_views").contains("migrator.key-columns");
        }
        List<String> tables = new ArrayList<>(AppFixture.TABLES.keySet());
        tables.add("page_views");
        tables.forEach(table -> assertThat(
                f.target.count("SELECT count(*) FROM " + AppFixture.quoted(table))).as(table).isZero());

        try (ServiceProcess service = f.startService("keyed", Map.of(),
                List.of("-Dmigrator.key-columns.page_views=visitor_id,seq"))) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            Response run = api.awaitEnd(id, TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(CutoverIT.table(run, "page_views")).containsEntry("written", 450).containsEntry("verified", true);
            assertThat(f.deadLetters(id)).isEmpty();
        }
        assertThat(ContentComparison.differences(f.source, f.target, "page_views",
                "visitor_id, seq", Set.of())).isEmpty();
        assertThat(f.differences()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Orphans the source itself holds (rows written with triggers off): an invoice of a user and a reply to a
     *  comment, both missing. */
    private static void addOrphansToTheSource(AppFixture f) {
        f.source.execute("""
                SET session_replication_role = replica;
                INSERT INTO invoices (id, user_id, amount, total, updated_at) OVERRIDING SYSTEM VALUE
                VALUES (5000, 'deadbeef-0000-4000-8000-000000000000', 1, 1, '2024-01-01');
                INSERT INTO comments (id, reply_to, body, updated_at) VALUES (4000, 4001, 'reply to nothing', '2024-01-01');
                """);
    }

    private static String targetNow(AppFixture f) {
        return f.target.rows("SELECT now()::text").get(0).get(0);
    }

    /** The target's BEFORE trigger rewrote no updated_at, its AFTER trigger wrote no audit row. */
    /** Every index of the target's business tables: name, definition, comment. */
    static List<List<String>> indexes(AppFixture f) {
        List<List<String>> indexes = f.target.rows("SELECT c.relname, pg_get_indexdef(i.indexrelid),"
                + " coalesce(obj_description(i.indexrelid, 'pg_class'), '') FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
                + " WHERE t.relnamespace = 'public'::regnamespace ORDER BY 1");
        assertThat(indexes).as("the fixture's indexes").hasSizeGreaterThan(12)
                .anyMatch(index -> index.get(0).equals("comments_author_reply") && index.get(2).equals("replies by author"));
        return indexes;
    }

    private static void assertNoTriggerSideEffects(AppFixture f, String since) {
        assertThat(f.target.count("SELECT count(*) FROM audit")).as("rows the target's AFTER INSERT trigger wrote")
                .isZero();
        assertThat(f.target.count("SELECT count(*) FROM \"UserProfiles\" WHERE updated_at >= '" + since + "'"))
                .as("UserProfiles.updated_at rewritten by the target's BEFORE trigger").isZero();
        assertThat(f.target.count("SELECT count(*) FROM comments WHERE updated_at >= '" + since + "'"))
                .as("comments.updated_at rewritten by the target's BEFORE trigger").isZero();
    }

    /** Rows whose parent comes later (in the same table, or in the other table of a cycle) are all in the target. */
    private static void assertRowsWithLaterParentsLanded(AppFixture f) {
        long laterParents = f.source.count("SELECT count(*) FROM comments WHERE reply_to > id");
        assertThat(laterParents).isGreaterThan(800);
        assertThat(f.target.count("SELECT count(*) FROM comments WHERE reply_to > id")).isEqualTo(laterParents);
        assertThat(f.target.count("SELECT count(*) FROM teams WHERE lead_member_id IS NOT NULL")).isEqualTo(50);
        assertThat(f.target.count("SELECT count(*) FROM members WHERE team_id IS NOT NULL"))
                .isEqualTo(f.source.count("SELECT count(*) FROM members WHERE team_id IS NOT NULL"));
    }

    /** The app's next inserts after the cutover, without ids, do not collide with the copied ids. */
    private static void assertSequencesAheadOfTheCopiedIds(AppFixture f) {
        long maxInvoice = f.target.count("SELECT max(id) FROM invoices");
        long invoice = f.target.count("INSERT INTO invoices (user_id, amount, total)"
                + " VALUES (md5('user-1')::uuid, 1, 1) RETURNING id");
        assertThat(invoice).as("identity of invoices ahead of the copied ids").isGreaterThan(maxInvoice);
        long maxComment = f.target.count("SELECT max(id) FROM comments");
        long comment = f.target.count("INSERT INTO comments (body) VALUES ('after the cutover') RETURNING id");
        assertThat(comment).as("comments_id_seq ahead of the copied ids").isGreaterThan(maxComment);
        assertThat(f.target.rows("INSERT INTO \"UserProfiles\" (email) VALUES ('after@example.com') RETURNING id"))
                .hasSize(1);
        // the triggers are live for the app's own writes: the zero above meant something
        assertThat(f.target.count("SELECT count(*) FROM audit")).isEqualTo(2);
    }
}
