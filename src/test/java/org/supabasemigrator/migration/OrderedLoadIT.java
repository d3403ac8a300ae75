package org.supabasemigrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postgresql.ds.PGSimpleDataSource;
import org.supabasemigrator.testsupport.AppFixture;
import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.TestDatabase;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Issue 16, load mode ORDERED: a target role that is no superuser and may not SET {@code session_replication_role},
 * but owns the target's schemas, tables and sequences (as the owner of a managed database usually is). The service
 * says so in the preflight, drops the owned tables' foreign keys for the load (as pg_restore adds them after the
 * data) and adds them back validated once the tables are in and their references are checked, whatever order the
 * tables are listed in, and switches the owned tables' own triggers off for the load ({@code ALTER TABLE ...
 * DISABLE TRIGGER}) and on again afterwards: rows whose parent comes later (a reply chain across pages, the
 * teams/members cycle) land, every row equal, no dead letter, no trigger side effect.
 * An orphan the source itself holds stays a dead letter, once, and the run is INCOMPLETE. A table with a trigger
 * the role does not own is named by the preflight and refused unless the run allows triggers.
 */
class OrderedLoadIT {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String PASSWORD = "ordered-" + UUID.randomUUID();

    /** Tables listed children first: every foreign key points rightwards (or inside the teams/members cycle). */
    static final String CHILDREN_FIRST = "{\"tables\":[\"members\",\"teams\",\"comments\",\"invoices\","
            + "\"audit log-entries\",\"tenant_pages\",\"rate_limits\",\"UserProfiles\"]}";

    AppFixture fixture;
    String role;

    @AfterEach
    void dropDatabasesAndRole() {
        try {
            if (fixture != null) {
                fixture.close(); // the target's objects go with its database
            }
        } finally {
            if (role != null) {
                admin("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void aRoleThatOwnsTheTargetButMayNotSetReplicaLoadsParentsFirstAndReplaysLaterParentsWithoutTriggerSideEffects(
            TestInfo test) {
        AppFixture f = fixture(test);
        String before = targetNow(f);
        try (ServiceProcess service = startAsOwner(f, "owner")) {
            ControlApi api = f.api(service);

            // what the role allows, before a run
            JsonPath diff = api.request().get("/api/schema/diff").then().statusCode(200).extract().jsonPath();
            assertThat(diff.getBoolean("ok")).as(diff.prettify()).isTrue();
            assertThat(diff.getList("notes", String.class)).as(diff.prettify())
                    .anyMatch(note -> note.contains("may not set session_replication_role"));

            TriggerWatch watch = TriggerWatch.start(f.target);
            long id;
            Response run;
            try {
                id = api.start(CHILDREN_FIRST);
                run = api.awaitEnd(id, TIMEOUT);
            } finally {
                watch.stop();
            }
            SoftAssertions soft = new SoftAssertions(); // one for the whole test: the trigger case below runs anyway
            Response ended = run;
            soft.assertThat(ended.jsonPath().getString("state")).as(summary(ended)).isEqualTo("SUCCEEDED");
            soft.assertThat(ended.jsonPath().getString("error")).as("error").isNull();
            soft.assertThat(ended.jsonPath().getList("notes", String.class)).as("the run's notes: what the role allows")
                    .anyMatch(note -> note.contains("may not set session_replication_role")
                            && note.contains("6 foreign key(s) are dropped for it and added again"))
                    .noneMatch(note -> note.contains("may set session_replication_role"));
            soft.assertThat(ended.jsonPath().getList("tables.table", String.class))
                    .containsExactlyInAnyOrderElementsOf(AppFixture.TABLES.keySet());
            soft.assertThat(ended.jsonPath().getList("tables.state", String.class)).as(summary(ended))
                    .containsOnly("SUCCEEDED");
            soft.assertThat(ended.jsonPath().getList("tables.verified", Boolean.class)).as(summary(ended))
                    .containsOnly(true);
            soft.assertThat(ended.jsonPath().getLong("totals.deadLettered")).as("totals.deadLettered").isZero();
            List<List<String>> letters = f.deadLetters(id);
            soft.assertThat(letters.size()).as("dead letters left after the replay of later parents, first ones: "
                    + letters.subList(0, Math.min(5, letters.size()))).isZero();
            soft.assertThat(f.target.rows("SELECT table_name, count(*)::text FROM migrator.dead_letter GROUP BY 1 ORDER BY 1"))
                    .as("dead letters per table").isEmpty();
            List<String> differences = f.differences();
            soft.assertThat(differences.size()).as("rows not equal per key, first ones: "
                    + differences.subList(0, Math.min(5, differences.size()))).isZero();

            // rows whose parent comes later, in the same table or the other table of the cycle, are all in
            long laterParents = f.source.count("SELECT count(*) FROM comments WHERE reply_to > id");
            soft.assertThat(laterParents).isGreaterThan(800);
            soft.assertThat(f.target.count("SELECT count(*) FROM comments WHERE reply_to > id"))
                    .as("comments replying to a later comment").isEqualTo(laterParents);
            soft.assertThat(f.target.count("SELECT count(*) FROM teams WHERE lead_member_id IS NOT NULL"))
                    .as("teams with their lead member").isEqualTo(50);
            soft.assertThat(f.target.count("SELECT count(*) FROM members WHERE team_id IS NOT NULL"))
                    .as("members with their team")
                    .isEqualTo(f.source.count("SELECT count(*) FROM members WHERE team_id IS NOT NULL"));

            // the foreign keys lifted for the load are all back, as they were, and validated
            soft.assertThat(f.target.rows("SELECT conrelid::regclass::text || '.' || conname || ' ' || convalidated"
                    + " FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1"))
                    .as("foreign keys after the run").hasSize(6).allMatch(k -> k.get(0).endsWith(" true"));
            soft.assertThat(f.target.count("SELECT count(*) FROM migrator.lifted_foreign_key")).as("keys still lifted")
                    .isZero();

            // the owned tables' triggers were switched off for the load, and are all on again
            soft.assertThat(watch.disabledSeen()).as("triggers seen disabled (tgenabled = 'D') during the load")
                    .isPositive();
            soft.assertThat(triggersNotOn(f)).as("triggers not enabled ('O') after the run").isEmpty();
            soft.assertThat(f.target.count("SELECT count(*) FROM migrator.disabled_trigger"))
                    .as("migrator.disabled_trigger left").isZero();

            // no side effects of the target's own triggers on migrated rows
            soft.assertThat(f.target.rows("SELECT table_name, row_key, action FROM audit ORDER BY id"))
                    .as("rows the target's AFTER triggers wrote").isEmpty();
            soft.assertThat(f.target.rows("SELECT id::text FROM \"UserProfiles\" WHERE updated_at >= '" + before + "'"))
                    .as("UserProfiles rows whose updated_at the target's BEFORE trigger rewrote").isEmpty();
            soft.assertThat(f.target.rows("SELECT id::text FROM comments WHERE updated_at >= '" + before + "'"))
                    .as("comments rows whose updated_at the target's BEFORE trigger rewrote").isEmpty();

            // ---- a table with a trigger the role does not own: named by the preflight, refused unless allowed
            f.target.execute("ALTER TABLE invoices OWNER TO " + TestDatabase.USER + ";"
                    + " GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON invoices TO " + role + ";"
                    + " GRANT USAGE, SELECT, UPDATE ON SEQUENCE invoices_id_seq TO " + role);
            JsonPath refused = api.request().get("/api/schema/diff").then().statusCode(200).extract().jsonPath();
            soft.assertThat(refused.getBoolean("ok")).as(refused.prettify()).isFalse();
            soft.assertThat(refused.prettify()).as("schema diff").contains("invoices_audit").contains("allowTriggers")
                    .doesNotContain("comments_touch").doesNotContain("UserProfiles_touch");

            f.source.execute("INSERT INTO invoices (user_id, plan, amount, total, updated_at)"
                    + " VALUES (md5('user-7')::uuid, NULL, 3.5, 3.5000, now())");
            long newInvoice = f.source.count("SELECT max(id) FROM invoices");
            long auditBefore = f.target.count("SELECT count(*) FROM audit");
            Response blocked = api.awaitEnd(api.start("{\"mode\":\"incremental\",\"tables\":[\"invoices\"]}"),
                    TIMEOUT);
            soft.assertThat(blocked.jsonPath().getString("state")).as(summary(blocked)).isEqualTo("FAILED");
            soft.assertThat(String.valueOf(blocked.jsonPath().getString("error"))).as(summary(blocked))
                    .contains("nothing was written").contains("invoices").contains("invoices_audit")
                    .contains("allowTriggers");
            soft.assertThat(f.target.count("SELECT count(*) FROM invoices WHERE id = " + newInvoice))
                    .as("a row written although the preflight refused").isZero();

            long allowedId = api.start("{\"mode\":\"incremental\",\"tables\":[\"invoices\"],\"allowTriggers\":true}");
            Response allowed = api.awaitEnd(allowedId, TIMEOUT);
            soft.assertThat(allowed.jsonPath().getString("state")).as(summary(allowed)).isEqualTo("SUCCEEDED");
            soft.assertThat(CutoverIT.table(allowed, "invoices")).as("invoices in the run that allowed triggers")
                    .containsEntry("inserted", 1).containsEntry("deadLettered", 0);
            soft.assertThat(f.deadLetters(allowedId)).isEmpty();
            soft.assertThat(ContentComparison.differences(f.source, f.target, "invoices", "id", Set.of()))
                    .as("invoices not equal per key after the run that allowed triggers").isEmpty();
            // opted in: the trigger the role could not switch off fired, for the one row written, and no other did
            soft.assertThat(f.target.rows("SELECT table_name, row_key FROM audit ORDER BY id OFFSET " + auditBefore))
                    .as("audit rows written by the run that allowed triggers")
                    .containsExactly(List.of("invoices", Long.toString(newInvoice)));
            soft.assertThat(triggersNotOn(f)).as("triggers not enabled ('O') after the incremental run").isEmpty();
            soft.assertThat(f.target.count("SELECT count(*) FROM migrator.disabled_trigger"))
                    .as("migrator.disabled_trigger left").isZero();
            assertSequencesAheadOfTheCopiedIds(soft, f);
            soft.assertAll();
        }
    }

    @Test
    void anOrphanTheSourceHoldsStaysOneDeadLetterAndTheRunIsIncompleteNamingItsTable(TestInfo test) {
        AppFixture f = fixture(test);
        // orphans the source itself holds (written there with triggers off): an invoice of a user and a reply to a
        // comment, both missing
        f.source.execute("""
                SET session_replication_role = replica;
                INSERT INTO invoices (id, user_id, amount, total, updated_at) OVERRIDING SYSTEM VALUE
                VALUES (5000, 'deadbeef-0000-4000-8000-000000000000', 1, 1, '2024-01-01');
                INSERT INTO comments (id, reply_to, body, updated_at) VALUES (4000, 4001, 'reply to nothing', '2024-01-01');
                """);
        try (ServiceProcess service = startAsOwner(f, "owner")) {
            ControlApi api = f.api(service);
            long id = api.start(null);
            Response run = api.awaitEnd(id, TIMEOUT);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(run.jsonPath().getString("state")).as(summary(run)).isEqualTo("INCOMPLETE");
            soft.assertThat(run.jsonPath().getList("notes", String.class)).as("notes")
                    .anyMatch(note -> note.contains("may not set session_replication_role"));
            soft.assertThat(String.valueOf(run.jsonPath().getString("error"))).as("error").contains("invoices")
                    .contains("comments");
            soft.assertThat(run.jsonPath().getLong("totals.deadLettered")).as("totals.deadLettered").isEqualTo(2);
            soft.assertThat(CutoverIT.table(run, "invoices")).containsEntry("deadLettered", 1)
                    .containsEntry("state", "INCOMPLETE").doesNotContainEntry("verified", true);
            soft.assertThat(CutoverIT.table(run, "comments")).containsEntry("deadLettered", 1)
                    .containsEntry("state", "INCOMPLETE").doesNotContainEntry("verified", true);
            for (String table : List.of("UserProfiles", "rate_limits", "tenant_pages", "audit log-entries", "teams",
                    "members")) {
                soft.assertThat(CutoverIT.table(run, table)).as(table).containsEntry("state", "SUCCEEDED")
                        .containsEntry("deadLettered", 0);
            }

            // each orphan once, with its constraint; no letter of a row whose parent only came later
            soft.assertThat(f.target.rows("SELECT table_name, count(*)::text FROM migrator.dead_letter GROUP BY 1"
                    + " ORDER BY 1")).as("dead letters per table")
                    .containsExactly(List.of("comments", "1"), List.of("invoices", "1"));
            soft.assertThat(f.target.rows("SELECT table_name, primary_key::text, count(*)::text FROM migrator.dead_letter"
                    + " GROUP BY 1, 2 HAVING count(*) > 1")).as("rows dead-lettered more than once").isEmpty();
            List<List<String>> orphans = f.target.rows("SELECT table_name, primary_key->>'id', sql_state, error_message"
                    + " FROM migrator.dead_letter WHERE run_id = " + id + " AND primary_key->>'id' IN ('4000', '5000')"
                    + " ORDER BY table_name");
            soft.assertThat(orphans).as("the orphans' dead letters").hasSize(2);
            if (orphans.size() == 2) {
                soft.assertThat(orphans.get(0).subList(0, 3)).containsExactly("comments", "4000", "23503");
                soft.assertThat(orphans.get(0).get(3)).contains("comments_reply_to_fkey");
                soft.assertThat(orphans.get(1).subList(0, 3)).containsExactly("invoices", "5000", "23503");
                soft.assertThat(orphans.get(1).get(3)).contains("invoices_user_id_fkey");
            }
            soft.assertThat(f.target.count("SELECT count(*) FROM invoices WHERE id = 5000")).as("orphan invoice")
                    .isZero();
            soft.assertThat(f.target.count("SELECT count(*) FROM comments WHERE id = 4000")).as("orphan comment")
                    .isZero();
            List<String> differences = f.differences(Map.of("invoices", Set.of("5000"), "comments", Set.of("4000")));
            soft.assertThat(differences.size()).as("rows not equal per key, the orphans aside; first ones: "
                    + differences.subList(0, Math.min(5, differences.size()))).isZero();
            soft.assertThat(f.target.rows("SELECT table_name, row_key, action FROM audit ORDER BY id"))
                    .as("rows the target's AFTER triggers wrote").isEmpty();
            soft.assertThat(triggersNotOn(f)).as("triggers not enabled ('O') after the run").isEmpty();
            soft.assertThat(f.target.count("SELECT count(*) FROM migrator.disabled_trigger"))
                    .as("migrator.disabled_trigger left").isZero();

            // the operator supplies the missing user and replays the invoice: it lands without firing the
            // target's trigger (the role owns invoices, so it can switch it off as during the load)
            f.target.execute("INSERT INTO \"UserProfiles\" (id, email) VALUES ('deadbeef-0000-4000-8000-000000000000',"
                    + " 'found@example.com')");
            Response replay = api.request().contentType("application/json")
                    .body("{\"migration\":" + id + ",\"table\":\"invoices\"}").post("/api/dead-letters/replay");
            soft.assertThat(replay.statusCode()).as(replay.asString()).isEqualTo(200);
            soft.assertThat(replay.jsonPath().getInt("succeeded")).as(replay.asString()).isEqualTo(1);
            soft.assertThat(replay.jsonPath().getInt("failed")).as(replay.asString()).isZero();
            soft.assertThat(f.target.rows("SELECT t::text FROM invoices t WHERE id = 5000"))
                    .as("replayed invoice as the source has it")
                    .isEqualTo(f.source.rows("SELECT t::text FROM invoices t WHERE id = 5000"));
            soft.assertThat(f.target.rows("SELECT table_name, row_key, action FROM audit WHERE table_name = 'invoices'"))
                    .as("audit rows the target's trigger wrote for the replayed invoice").isEmpty();
            soft.assertThat(triggersNotOn(f)).as("triggers not enabled ('O') after the replay").isEmpty();
            soft.assertAll();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    AppFixture fixture(TestInfo test) {
        fixture = new AppFixture("ordered-" + test.getTestMethod().orElseThrow().getName());
        role = "mig_owner_" + UUID.randomUUID().toString().substring(0, 8);
        makeTargetOwnedBy(fixture.target, role);
        return fixture;
    }

    /** The service connected to the target as the owning role. */
    private ServiceProcess startAsOwner(AppFixture f, String instance) {
        return f.startService(instance, Map.of("TARGET_DB_USER", role, "TARGET_DB_PASSWORD", PASSWORD), List.of());
    }

    /**
     * A login role that is neither superuser nor allowed to SET session_replication_role owns the target's schemas
     * (and so can create the service's {@code migrator} schema: CREATE on the database), tables and sequences.
     */
    private static void makeTargetOwnedBy(TestDatabase target, String role) {
        admin("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                + " PASSWORD '" + PASSWORD + "'");
        target.execute("""
                GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %1$s TO %2$s;
                ALTER SCHEMA public OWNER TO %2$s;
                ALTER SCHEMA extensions OWNER TO %2$s;
                DO $$
                DECLARE r record;
                BEGIN
                    -- tables first: the sequences of their serial and identity columns follow them
                    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
                        EXECUTE format('ALTER TABLE %%s OWNER TO %2$s', r.name);
                    END LOOP;
                    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '%2$s'::regrole LOOP
                        EXECUTE format('ALTER SEQUENCE %%s OWNER TO %2$s', r.name);
                    END LOOP;
                END
                $$;
                """.formatted(target.name(), role));
        // what the role is, as the service will find it
        assertThat(target.rows("SELECT rolsuper::text, has_parameter_privilege('" + role
                + "', 'session_replication_role', 'SET')::text FROM pg_roles WHERE rolname = '" + role + "'"))
                .as("superuser, may SET session_replication_role").containsExactly(List.of("false", "false"));
        assertThat(target.rows("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') AND c.relowner <> '" + role
                + "'::regrole")).as("public relations the role does not own").isEmpty();
    }

    /** Triggers of the target's own tables (not constraint triggers) whose tgenabled is not 'O'. */
    private static List<List<String>> triggersNotOn(AppFixture f) {
        List<List<String>> all = f.target.rows("SELECT c.relname, t.tgname, t.tgenabled::text FROM pg_trigger t"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2");
        assertThat(all).as("the target's own triggers").hasSize(4);
        return all.stream().filter(t -> !t.get(2).equals("O")).toList();
    }

    /** A run's view in one line: state, error, and per table its state and dead letters. */
    private static String summary(Response run) {
        JsonPath view = run.jsonPath();
        StringBuilder text = new StringBuilder("run ").append(view.getString("id")).append(' ')
                .append(view.getString("state")).append(", error: ").append(view.getString("error")).append(", tables:");
        List<Map<String, Object>> tables = view.getList("tables");
        for (Map<String, Object> table : tables) {
            text.append(' ').append(table.get("table")).append('=').append(table.get("state")).append("/dead ")
                    .append(table.get("deadLettered")).append("/verified ").append(table.get("verified"));
        }
        return text.toString();
    }

    private static String targetNow(AppFixture f) {
        return f.target.rows("SELECT now()::text").get(0).get(0);
    }

    /**
     * The app's next inserts after the cutover, without ids, do not collide with the copied ids: compared with the
     * source's highest id, as rows replayed at the end of the load (later parents) may carry ids above those the
     * target held when their table closed.
     */
    private static void assertSequencesAheadOfTheCopiedIds(SoftAssertions soft, AppFixture f) {
        long maxInvoice = f.source.count("SELECT max(id) FROM invoices");
        long invoice = f.target.count("INSERT INTO invoices (user_id, amount, total)"
                + " VALUES (md5('user-1')::uuid, 1, 1) RETURNING id");
        soft.assertThat(invoice).as("identity of invoices ahead of the copied ids").isGreaterThan(maxInvoice);
        long maxComment = f.source.count("SELECT max(id) FROM comments");
        long comment = f.target.count("INSERT INTO comments (body) VALUES ('after the cutover') RETURNING id");
        soft.assertThat(comment).as("comments_id_seq ahead of the copied ids").isGreaterThan(maxComment);
    }

    private static void admin(String sql) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] { TestDatabase.HOST });
        dataSource.setPortNumbers(new int[] { Integer.parseInt(TestDatabase.PORT) });
        dataSource.setDatabaseName("postgres");
        dataSource.setUser(TestDatabase.USER);
        dataSource.setPassword(TestDatabase.PASSWORD);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql.replace(PASSWORD, "***") + "': " + e.getMessage(), e);
        }
    }

    /** Samples, while a run loads, how many of the target's own triggers are disabled. */
    private static final class TriggerWatch {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong disabled = new AtomicLong();

        static TriggerWatch start(TestDatabase target) {
            TriggerWatch watch = new TriggerWatch();
            watch.sampler.scheduleWithFixedDelay(() -> {
                try {
                    long now = target.count("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'");
                    watch.disabled.accumulateAndGet(now, Math::max);
                } catch (RuntimeException ignored) {
                    // a sample lost is no finding
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            return watch;
        }

        long disabledSeen() {
            return disabled.get();
        }

        void stop() {
            sampler.shutdownNow();
            try {
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
