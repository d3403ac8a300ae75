package org.supabasemigrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.SwitchableFaults;
import org.supabasemigrator.testsupport.TestDatabase;
import org.supabasemigrator.testsupport.postgrest.Fault;
import org.supabasemigrator.testsupport.postgrest.OpenApiMode;
import org.supabasemigrator.testsupport.postgrest.PostgrestServer;
import org.supabasemigrator.testsupport.postgrest.PostgrestVersion;
import org.supabasemigrator.testsupport.postgrest.RequestRecorder;
import org.supabasemigrator.testsupport.postgrest.ScriptedFaultInjector;
import org.supabasemigrator.testsupport.postgrest.Served;
import org.supabasemigrator.testsupport.postgrest.ServedLog;
import org.supabasemigrator.testsupport.postgrest.SupabaseKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * Issue 17: the service against a source that behaves like a real Supabase project, not an idealised PostgREST:
 * statement timeouts that cancel exact counts, sorts and costly pages, the gateway's URI limit, 429s and
 * Cloudflare pages, gzip, large rows under a small heap, a hidden API description, restricted keys, redirects.
 * The stand-in ({@code testsupport/postgrest}) records every request it answers ({@link ServedLog}), so what the
 * service asked for is checked as well as what it wrote. Every run that succeeds is compared row by row.
 */
class RealSupabaseApiIT {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    static final String TOKEN = "it-control-token-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** Closed after each test, last opened first: services before servers before databases. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private String testName;

    @AfterEach
    void closeEverything() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    <T extends AutoCloseable> T open(T resource) {
        opened.push(resource);
        return resource;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. exact counts and full sorts outlast the statement timeout; keyset pages do not

    /**
     * 2,000,000 narrow rows in a table bloated to six times the pages its rows need (fillfactor 15; what a table
     * updated often without VACUUM FULL looks like), served under a 150 ms statement timeout: PostgreSQL counts it
     * in ~400 ms (one process, as on a small Supabase instance) and reads a keyset page of 1000 rows in ~2 ms, the
     * proportions of a table of tens of millions of rows under Supabase's 8 s.
     */
    @Test
    void aTableWhoseExactCountOutlastsTheStatementTimeoutMigratesEqualWithDefaultSettings(TestInfo test) throws Exception {
        Stand stand = stand(test, """
                CREATE UNLOGGED TABLE events (id bigint NOT NULL, kind smallint NOT NULL, happened_at timestamptz NOT NULL,
                    amount numeric(12, 2)) WITH (fillfactor = 15, parallel_workers = 0);
                INSERT INTO events SELECT i, i % 7, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
                    CASE WHEN i % 97 = 0 THEN NULL ELSE (i % 100000) / 100.0 END FROM generate_series(1, 2000000) i;
                ALTER TABLE events ADD PRIMARY KEY (id);
                ANALYZE events;
                """, """
                CREATE TABLE events (id bigint PRIMARY KEY, kind smallint NOT NULL, happened_at timestamptz NOT NULL,
                    amount numeric(12, 2));
                """, server -> server.statementTimeoutMs(150));

        // what the source does with the queries a naive copy makes, and with a keyset page
        HttpResponse<String> exact = stand.get("/events?select=id&limit=1", "Prefer", "count=exact");
        assertThat(exact.statusCode()).as(exact.body()).isEqualTo(500);
        assertThat(JSON.readTree(exact.body()).path("code").asText()).isEqualTo("57014");
        HttpResponse<String> sort = stand.get("/events?select=id&order=amount.desc.nullslast&limit=1");
        assertThat(sort.statusCode()).as(sort.body()).isEqualTo(500);
        assertThat(JSON.readTree(sort.body()).path("code").asText()).isEqualTo("57014");
        HttpResponse<String> page = stand.get("/events?select=*&id=gt.1500000&order=id.asc&limit=1000");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(JSON.readTree(page.body())).hasSize(1000);
        HttpResponse<String> planned = stand.get("/events?select=id&limit=1", "Prefer", "count=planned");
        assertThat(planned.statusCode()).isEqualTo(206);
        stand.log.clear();

        try (ServiceProcess service = stand.service("only", Map.of())) {
            Response run = stand.runToEnd(service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(run.jsonPath().getLong("tables[0].written")).isEqualTo(2_000_000L);
        }
        List<Served> requests = stand.log.of("events");
        assertThat(requests).as("no request asked for an exact count")
                .noneMatch(r -> r.header("Prefer") != null && r.header("Prefer").contains("count=exact"));
        assertThat(requests).as("no request asked for a sort no index serves")
                .noneMatch(r -> r.query().contains("nullslast"));
        assertThat(stand.target.count("SELECT count(*) FROM events")).isEqualTo(2_000_000L);
        assertThat(ContentComparison.largeTableDifferences(stand.source, stand.target, "events", "id", 20)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. pages that outlast the statement timeout are asked smaller; a row that does fails with one message

    @Test
    void pagesTheSourceCancelsAtItsStatementTimeoutAreAskedSmallerAndTheTableFinishesEqual(TestInfo test) {
        Stand stand = stand(test, """
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id bigint NOT NULL, total numeric(14, 2), note text,
                    created_at timestamptz NOT NULL);
                INSERT INTO orders SELECT i, 1 + i % 5, i * 1.25, 'заказ ' || i, timestamptz '2025-01-01 00:00:00+00'
                    + i * interval '1 minute' FROM generate_series(1, 12000) i;
                """, """
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id bigint NOT NULL, total numeric(14, 2), note text,
                    created_at timestamptz NOT NULL);
                """, server -> { });
        // rows of orders are costly to produce: a page of more than 100 of them outlasts the statement timeout
        stand.faults.use(request -> "orders".equals(request.table()) && isPage(request.rawQuery())
                && limit(request.rawQuery()) > 100 ? Optional.of(Fault.statementTimeout()) : Optional.empty());
        try (ServiceProcess service = stand.service("only", Map.of())) {
            Response run = stand.runToEnd(service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        }
        List<Served> pages = stand.log.matching(r -> "orders".equals(r.table()) && isPage(r.rawQuery()));
        List<Served> cancelled = pages.stream().filter(r -> r.status() == 500).toList();
        assertThat(cancelled).as("the source cancelled the first pages").isNotEmpty();
        assertAskedSmallerAfterEachTimeout(pages);
        assertThat(pages).filteredOn(r -> r.status() == 200).allMatch(r -> limit(r.rawQuery()) <= 100);
        assertThat(cancelled.size()).as("a page size that timed out is not asked for again and again: %s",
                queries(cancelled)).isLessThanOrEqualTo(pages.size() / 4);
        assertThat(ContentComparison.differences(stand.source, stand.target, "orders", "id", Set.of())).isEmpty();
    }

    @Test
    void aOneRowPageThatOutlastsTheStatementTimeoutFailsTheTableNamingTheTimeoutAndHowToRaiseIt(TestInfo test) {
        Stand stand = stand(test, """
                CREATE TABLE ledger (id bigint PRIMARY KEY, entry text NOT NULL);
                INSERT INTO ledger SELECT i, 'entry ' || i FROM generate_series(1, 3000) i;
                """, """
                CREATE TABLE ledger (id bigint PRIMARY KEY, entry text NOT NULL);
                """, server -> { });
        // every page after the first outlasts the timeout, however few rows it asks for
        stand.faults.use(request -> "ledger".equals(request.table()) && isPage(request.rawQuery())
                && decoded(request.rawQuery()).contains(".gt.") ? Optional.of(Fault.statementTimeout()) : Optional.empty());
        try (ServiceProcess service = stand.service("only", Map.of())) {
            Response failed = stand.runToEnd(service, null);
            assertThat(failed.jsonPath().getString("state")).as(failed.asString()).isEqualTo("FAILED");
            assertThat(failed.jsonPath().getString("error")).as(failed.asString()).containsIgnoringCase("statement timeout")
                    .contains("ledger").contains("one row").contains("statement_timeout").containsIgnoringCase("raise");
            assertThat(failed.jsonPath().getString("tables.find { it.table == 'ledger' }.state")).isEqualTo("FAILED");
        }
        List<Served> pages = stand.log.matching(r -> "ledger".equals(r.table()) && isPage(r.rawQuery()));
        assertAskedSmallerAfterEachTimeout(pages);
        assertThat(pages).as("it came down to a page of one row").anyMatch(r -> r.status() == 500 && limit(r.rawQuery()) == 1);
        assertThat(stand.target.count("SELECT count(*) FROM ledger")).as("the first page is kept").isEqualTo(1000);
    }

    /** A page the source cancelled is never asked for unchanged: the next request for its rows asks fewer. */
    static void assertAskedSmallerAfterEachTimeout(List<Served> pages) {
        for (int i = 0; i < pages.size(); i++) {
            Served page = pages.get(i);
            if (page.status() != 500) {
                continue;
            }
            String position = withoutLimit(page.query());
            pages.subList(i + 1, pages.size()).stream().filter(r -> withoutLimit(r.query()).equals(position)).findFirst()
                    .ifPresent(next -> assertThat(limit(next.rawQuery())).as("asked again after a statement timeout: %s then %s",
                            page.query(), next.query()).isLessThan(limit(page.rawQuery())));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. composite keys: every page has an index condition, page times stay flat

    /**
     * Tenants of the composite-key table, 2,000 rows each. The suite uses 150 (300,000 rows: the point shows and
     * the test stays short); {@code mvn verify -Dit.test=RealSupabaseApiIT#aCompositeKey* -Dit.compositeTenants=500}
     * runs the 1,000,000 rows.
     */
    static final int COMPOSITE_TENANTS = Integer.getInteger("it.compositeTenants", 150);

    /**
     * Rows keyed by (tenant_id, channel, seq). Without {@code tenant_id=gte.X} beside the {@code or=} tree
     * PostgreSQL has no index condition and page k scans k x 1000 rows: the last pages would take a hundred times
     * longer than the first.
     */
    @Test
    void aCompositeKeyTableOfManyRowsMigratesEqualWithFlatPageTimes(TestInfo test) {
        Stand stand = stand(test, """
                CREATE UNLOGGED TABLE message_log (tenant_id integer NOT NULL, channel text NOT NULL, seq integer NOT NULL,
                    body text, sent_at timestamptz NOT NULL);
                INSERT INTO message_log SELECT t, c, s, CASE WHEN s %% 50 = 0 THEN NULL ELSE 'msg ' || s || ' to ' || t END,
                    timestamptz '2025-03-01 00:00:00+00' + s * interval '1 second'
                    FROM generate_series(1, %d) t, unnest(ARRAY['sms', 'whatsapp']) c, generate_series(1, 1000) s;
                ALTER TABLE message_log ADD PRIMARY KEY (tenant_id, channel, seq);
                ANALYZE message_log;
                """.formatted(COMPOSITE_TENANTS), """
                CREATE TABLE message_log (tenant_id integer NOT NULL, channel text NOT NULL, seq integer NOT NULL,
                    body text, sent_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, channel, seq));
                """, server -> { });
        // the measure can tell: two thirds into the key, a page without the index condition scans the rows before it
        int deepTenant = COMPOSITE_TENANTS * 2 / 3;
        String deep = ("/message_log?select=*&order=tenant_id.asc,channel.asc,seq.asc&limit=1000&or=(tenant_id.gt.%1$d,"
                + "and(tenant_id.eq.%1$d,channel.gt.sms),and(tenant_id.eq.%1$d,channel.eq.sms,seq.gt.500))").formatted(deepTenant);
        double without = fastestMillis(stand, deep);
        double with = fastestMillis(stand, deep + "&tenant_id=gte." + deepTenant);
        assertThat(without).as("a deep page without tenant_id=gte (%.1f ms) against with it (%.1f ms)", without, with)
                .isGreaterThan(3 * with);
        stand.log.clear();

        try (ServiceProcess service = stand.service("only", Map.of())) {
            Response run = stand.runToEnd(service, null, RUN_TIMEOUT.multipliedBy(Math.max(1, COMPOSITE_TENANTS / 150)));
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        }
        List<Served> pages = stand.log.matching(r -> "message_log".equals(r.table()) && isPage(r.rawQuery())
                && r.status() == 200);
        assertThat(pages.size()).as("pages of at most 1000 rows").isGreaterThanOrEqualTo(COMPOSITE_TENANTS * 2);
        List<Served> bounded = pages.stream().filter(r -> r.query().contains(".gt.")).toList();
        assertThat(bounded).as("every page after a key carries the index condition on tenant_id")
                .allMatch(r -> r.query().contains("\"tenant_id\".gte."));
        assertThat(pages.size() - bounded.size()).as("pages without a lower bound: the first of each key range")
                .isLessThanOrEqualTo(8);
        // pages in key order: the deepest tenth is not much slower than the first tenth
        List<Served> inKeyOrder = bounded.stream().sorted(java.util.Comparator.comparingLong(RealSupabaseApiIT::firstKey))
                .toList();
        int tenth = inKeyOrder.size() / 10;
        double first = medianMillis(inKeyOrder.subList(0, tenth));
        double last = medianMillis(inKeyOrder.subList(inKeyOrder.size() - tenth, inKeyOrder.size()));
        System.out.printf("composite key, %,d rows in %,d pages: median page %.2f ms in the first tenth of the key, %.2f ms"
                + " in the last; a deep page %.1f ms without the index condition, %.1f ms with it%n",
                COMPOSITE_TENANTS * 2_000L, pages.size(), first, last, without, with);
        assertThat(last).as("median page time of the last tenth of the key (%.2f ms) against the first tenth (%.2f ms)",
                last, first).isLessThanOrEqualTo(3 * first + 1);
        assertThat(stand.target.count("SELECT count(*) FROM message_log")).isEqualTo(COMPOSITE_TENANTS * 2_000L);
        assertThat(ContentComparison.largeTableDifferences(stand.source, stand.target, "message_log",
                "tenant_id, channel, seq", 20)).isEmpty();
    }

    /** The quickest of five answers to a GET, as the stand-in timed them. */
    static double fastestMillis(Stand stand, String pathAndQuery) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            stand.log.clear();
            try {
                HttpResponse<String> response = stand.get(pathAndQuery);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(json(response.body())).hasSize(1000);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !stand.log.all().isEmpty());
            fastest = Math.min(fastest, stand.log.all().get(0).answerNanos());
        }
        return fastest / 1e6;
    }

    static long firstKey(Served page) {
        Matcher m = Pattern.compile("\"tenant_id\"\\.gte\\.\"?(\\d+)").matcher(page.query());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static double medianMillis(List<Served> pages) {
        long[] nanos = pages.stream().mapToLong(Served::answerNanos).sorted().toArray();
        return nanos[nanos.length / 2] / 1e6;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. a wide table behind the gateway's URI limit

    @Test
    void aWideTableWithLongColumnNamesMigratesEqualBehindTheUriLimitKeepingSqlNullApartFromJsonNull(TestInfo test) {
        StringBuilder columns = new StringBuilder("id bigint PRIMARY KEY");
        StringBuilder values = new StringBuilder("i");
        List<String> jsonColumns = new ArrayList<>();
        List<String> allColumns = new ArrayList<>(List.of("id"));
        String[] types = {"text", "integer", "jsonb", "timestamptz", "numeric", "boolean"};
        for (int c = 1; c <= 240; c++) {
            String name = String.format("attribute_of_the_customer_profile_no_%03d", c); // 40 characters
            String type = types[c % types.length];
            columns.append(", ").append(name).append(' ').append(type);
            allColumns.add(name);
            String value = switch (type) {
                case "text" -> "CASE WHEN (i + " + c + ") % 9 = 0 THEN NULL ELSE 'значение ' || i || '/" + c + "' END";
                case "integer" -> "CASE WHEN (i + " + c + ") % 11 = 0 THEN NULL ELSE i * " + c + " END";
                case "jsonb" -> "CASE (i + " + c + ") % 4 WHEN 0 THEN NULL WHEN 1 THEN 'null'::jsonb"
                        + " WHEN 2 THEN jsonb_build_object('n', i, 'c', " + c + ", 'note', NULL)"
                        + " ELSE jsonb_build_array(i, NULL, 'x') END";
                case "timestamptz" -> "timestamptz '2025-01-01 00:00:00+00' + (i * " + c + ") * interval '1 second'";
                case "numeric" -> "CASE WHEN (i + " + c + ") % 7 = 0 THEN NULL ELSE i / " + c + ".0 END";
                default -> "CASE WHEN (i + " + c + ") % 3 = 0 THEN NULL ELSE (i + " + c + ") % 2 = 0 END";
            };
            values.append(",\n").append(value);
            if (type.equals("jsonb")) {
                jsonColumns.add(name);
            }
        }
        String ddl = "CREATE TABLE customer_profiles (" + columns + ");\n";
        Stand stand = stand(test, ddl + "INSERT INTO customer_profiles SELECT " + values
                + " FROM generate_series(1, 2000) i;", ddl, server -> server.maxUriBytes(8192));
        assertThat(("select=" + String.join(",", allColumns)).length()).as("a select list naming every column is"
                + " longer than the gateway takes").isGreaterThan(8192);
        try (ServiceProcess service = stand.service("only", Map.of())) {
            Response run = stand.runToEnd(service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        }
        assertThat(stand.log.all()).as("no request longer than the service's 8000 bytes").allMatch(r -> r.uriBytes() <= 8000);
        assertThat(stand.log.all()).noneMatch(r -> r.status() == 414);
        assertThat(ContentComparison.differences(stand.source, stand.target, "customer_profiles", "id", Set.of())).isEmpty();
        StringBuilder nulls = new StringBuilder("SELECT concat_ws(',' ");
        for (String column : jsonColumns) {
            nulls.append(", count(*) FILTER (WHERE ").append(column).append(" IS NULL), count(*) FILTER (WHERE ")
                    .append(column).append(" = 'null'::jsonb)");
        }
        nulls.append(") FROM customer_profiles");
        String expected = stand.source.rows(nulls.toString()).get(0).get(0);
        assertThat(expected.split(",")).as("both kinds of null in every jsonb column of the source").hasSize(2 * jsonColumns.size())
                .doesNotContain("0");
        assertThat(stand.target.rows(nulls.toString()).get(0).get(0)).as("SQL NULLs and JSON nulls per jsonb column")
                .isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. large rows under a small heap

    @Test
    void rowsOfHundredsOfKilobytesAndOfFiveMegabytesMigrateEqualUnderA256MegabyteHeap(TestInfo test) {
        String ddl = """
                CREATE TABLE ai_conversations (id bigint PRIMARY KEY, company_id bigint NOT NULL, client_phone text,
                    messages jsonb NOT NULL, updated_at timestamptz NOT NULL);
                CREATE TABLE documents (id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL, meta jsonb);
                """;
        Stand stand = stand(test, ddl + """
                INSERT INTO ai_conversations
                SELECT c, 1 + c % 3, '+7999' || lpad(c::text, 7, '0'),
                       (SELECT jsonb_agg(jsonb_build_object('role', CASE WHEN m % 2 = 0 THEN 'user' ELSE 'assistant' END,
                                'content', 'Сообщение ' || m || ' 💬 ' || repeat(md5((c * 1000 + m)::text), 120),
                                'tokens', 900 + m, 'at', timestamptz '2025-01-01 00:00:00+00' + (c * 100 + m) * interval '1 minute')
                                ORDER BY m)
                        FROM generate_series(1, 50) m),
                       timestamptz '2025-06-01 00:00:00+00' + c * interval '1 minute'
                FROM generate_series(1, 2000) c;
                INSERT INTO documents
                SELECT d, 'Документ ' || d, repeat(md5(d::text) || ' Текст ', 5 * 1024 * 1024 / 45),
                       CASE WHEN d % 2 = 0 THEN 'null'::jsonb ELSE jsonb_build_object('pages', d * 100) END
                FROM generate_series(1, 5) d;
                """, ddl, server -> { });
        assertThat(stand.source.count("SELECT avg(octet_length(messages::text))::bigint FROM ai_conversations"))
                .isBetween(190_000L, 260_000L);
        assertThat(stand.source.count("SELECT min(octet_length(body)) FROM documents")).isGreaterThan(5_000_000L);
        try (ServiceProcess service = stand.service("only", Map.of())) {
            // ~30 s when it works; a service out of memory may never end the run
            Response run = stand.runToEnd(service, null, Duration.ofMinutes(2));
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(service.isAlive()).isTrue();
            assertThat(service.output()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
        }
        long budget = 4L * 1024 * 1024;
        assertThat(stand.log.of("ai_conversations")).as("pages are sized by bytes, not 1000 rows of 200 KB")
                .allMatch(r -> r.bodyBytes() <= 2 * budget);
        assertThat(stand.log.of("documents")).as("a row larger than the budget comes alone")
                .filteredOn(r -> r.status() == 200).allMatch(r -> r.bodyBytes() < 2 * 5_000_000L);
        assertThat(ContentComparison.largeTableDifferences(stand.source, stand.target, "ai_conversations", "id", 20)).isEmpty();
        assertThat(ContentComparison.largeTableDifferences(stand.source, stand.target, "documents", "id", 20)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 6. the API description hidden

    @ParameterizedTest
    @EnumSource(value = OpenApiMode.class, names = {"DISABLED_V12", "DISABLED_V13", "SECRET_KEYS_ONLY"})
    void withTheApiDescriptionUnavailableTablesAreProbedTheRunIsEqualAndSaysWhatItCouldNotCheck(OpenApiMode mode,
            TestInfo test) {
        // the platform shows the description to secret keys only: the service's key must be another one to be refused
        String anon = SupabaseKeys.jwt("anon");
        MigrationFixture f = fixture(test, server -> {
            server.openApiMode(mode).acceptKey(anon);
            if (mode == OpenApiMode.DISABLED_V12) {
                server.postgrestVersion(PostgrestVersion.V12);
            }
        });
        Map<String, String> settings = new HashMap<>();
        if (mode == OpenApiMode.SECRET_KEYS_ONLY) {
            settings.put("SUPABASE_SERVICE_ROLE_KEY", anon);
            settings.put("MIGRATOR_SOURCE_ALLOW_RESTRICTED_KEY", "true");
        }
        ServedLog log = f.server.record();
        try (ServiceProcess service = start(f, mode.name(), settings)) {
            log.clear(); // the readiness probe's request
            Response run = runToEnd(f, service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            List<String> notes = run.jsonPath().getList("notes", String.class);
            assertThat(notes).as(run.asString()).anyMatch(note -> note.contains("description")
                    && note.contains("not") && note.contains("checked") && note.contains("type")
                    && note.contains(switch (mode) {
                        case DISABLED_V12 -> "empty";
                        case DISABLED_V13 -> "PGRST126";
                        default -> "403";
                    }));
        }
        assertThat(log.descriptions()).as("the unavailable description is asked for once, not retried").hasSize(1);
        assertThat(log.descriptions().get(0).status()).isEqualTo(switch (mode) {
            case DISABLED_V12 -> 200;
            case DISABLED_V13 -> 404;
            default -> 403;
        });
        for (String table : MigrationFixture.TABLES.keySet()) {
            assertThat(log.of(table)).as("%s is probed", table).anyMatch(r -> r.query().equals("select=*&limit=1"));
        }
        assertThat(f.differences(Set.of())).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 7. the key's role

    @Test
    void anAnonKeyIsRefusedInThePreflightAndASecretKeyWorks(TestInfo test) {
        String anon = SupabaseKeys.jwt("anon");
        String secret = SupabaseKeys.secretKey();
        MigrationFixture f = fixture(test, server -> server.acceptKey(anon).acceptKey(secret));
        ServedLog log = f.server.record();
        try (ServiceProcess service = start(f, "anon", Map.of("SUPABASE_SERVICE_ROLE_KEY", anon))) {
            Response run = runToEnd(f, service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("FAILED");
            assertThat(run.jsonPath().getString("error")).as(run.asString()).contains("anon")
                    .containsAnyOf("service_role", "service role").contains("secret key");
            assertThat(service.output()).doesNotContain(anon);
        }
        assertThat(log.matching(r -> r.table() != null)).as("no table was read with the anon key").isEmpty();
        for (String table : MigrationFixture.TABLES.keySet()) {
            assertThat(f.target.count("SELECT count(*) FROM " + table)).as("nothing written to %s", table).isZero();
        }

        log.clear();
        try (ServiceProcess service = start(f, "secret", Map.of("SUPABASE_SERVICE_ROLE_KEY", secret))) {
            Response run = runToEnd(f, service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(service.output()).doesNotContain(secret);
        }
        assertThat(log.matching(r -> r.table() != null)).isNotEmpty()
                .allMatch(r -> secret.equals(r.header("apikey")) && ("Bearer " + secret).equals(r.header("Authorization")));
        assertThat(f.differences(Set.of())).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 8. the gateway's answers

    @Test
    void gatewayAnswersAre429sWithOrWithoutRetryAfterAnd5xxPagesAndAreRiddenThrough(TestInfo test) {
        MigrationFixture f = fixture(test, server -> { });
        ServedLog log = f.server.record();
        List<Fault> gateway = List.of(Fault.tooManyRequests(Duration.ofSeconds(2)), Fault.tooManyRequestsUntil(Duration.ofSeconds(2)),
                Fault.tooManyRequestsHtml(), Fault.badGateway(), Fault.http503(), Fault.gatewayTimeout(),
                Fault.cloudflare(520), Fault.cloudflare(521), Fault.cloudflare(522), Fault.cloudflare(523), Fault.cloudflare(524));
        Map<Long, Fault> injectedAt = new ConcurrentHashMap<>();
        AtomicInteger pageRequests = new AtomicInteger();
        f.faults.use(request -> {
            if (!"clients".equals(request.table()) || !isPage(request.rawQuery())) {
                return Optional.empty();
            }
            int n = pageRequests.incrementAndGet(); // every other page request fails, each fault once
            if (n % 2 == 1 || n / 2 > gateway.size()) {
                return Optional.empty();
            }
            Fault fault = gateway.get(n / 2 - 1);
            injectedAt.put(request.sequence(), fault);
            return Optional.of(fault);
        });
        // one key range meets all eleven, one page after another, as a long read meets many over hours
        Map<String, String> settings = Map.of("MIGRATOR_PAGE_SIZE", "200", "MIGRATOR_SOURCE_RETRY_DELAY_MS", "100",
                "MIGRATOR_SOURCE_CONCURRENCY", "1");
        try (ServiceProcess service = start(f, "only", settings)) {
            Response run = runToEnd(f, service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        }
        assertThat(injectedAt).as("every gateway answer was given").hasSize(gateway.size());
        assertThat(f.target.count("SELECT count(*) FROM migrator.dead_letter")).isZero();
        assertThat(f.differences(Set.of())).isEmpty();
        // the retry after a 429 waits as long as Retry-After says, seconds or a date (the back-off alone: ~100 ms)
        List<Served> all = log.all();
        injectedAt.forEach((sequence, fault) -> {
            if (fault.kind() != Fault.Kind.HTTP_429 && fault.kind() != Fault.Kind.HTTP_429_RETRY_AFTER_DATE) {
                return;
            }
            Served refused = all.stream().filter(r -> r.sequence() == sequence).findFirst().orElseThrow();
            Served retry = all.stream().filter(r -> r.sequence() > sequence && r.query().equals(refused.query()))
                    .findFirst().orElseThrow(() -> new AssertionError("no retry of " + refused.query()));
            double waitedSeconds = (retry.startedNanos() - refused.startedNanos() - refused.totalNanos()) / 1e9;
            assertThat(waitedSeconds).as("wait after %s", fault.kind())
                    .isGreaterThanOrEqualTo(fault.kind() == Fault.Kind.HTTP_429 ? 1.9 : 0.9);
        });
    }

    @Test
    void aPostgrestErrorFailsTheRunWithItsCodeAndMessageAndIsNotRetried(TestInfo test) {
        MigrationFixture f = fixture(test, server -> { });
        ServedLog log = f.server.record();
        // the source's schema changes under the run: PostgREST answers 400 with SQLSTATE 42703, which no retry mends
        AtomicInteger pages = new AtomicInteger();
        f.faults.use(request -> {
            if ("clients".equals(request.table()) && isPage(request.rawQuery()) && pages.incrementAndGet() == 3) {
                f.source.execute("ALTER TABLE clients RENAME COLUMN email TO email_address");
            }
            return Optional.empty();
        });
        try (ServiceProcess service = start(f, "only", Map.of("MIGRATOR_PAGE_SIZE", "200"))) {
            Response failed = runToEnd(f, service, null);
            assertThat(failed.jsonPath().getString("state")).as(failed.asString()).isEqualTo("FAILED");
            assertThat(failed.jsonPath().getString("error")).as(failed.asString()).contains("clients").contains("HTTP 400")
                    .contains("42703").contains("column clients.email does not exist");
        }
        List<Served> refused = log.matching(r -> "clients".equals(r.table()) && r.status() == 400);
        assertThat(refused).isNotEmpty();
        assertThat(refused.stream().map(Served::query).distinct().count()).as("a 400 is not retried: %s", queries(refused))
                .isEqualTo(refused.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 9. redirects

    @Test
    void aRedirectToAnotherOriginFailsTheRunNamingItAndTheKeyGoesNowhereElse(TestInfo test) {
        MigrationFixture f = fixture(test, server -> { });
        ServedLog log = f.server.record();
        try (RequestRecorder elsewhere = RequestRecorder.start();
                ServiceProcess service = start(f, "only", Map.of("MIGRATOR_SOURCE_RETRY_DELAY_MS", "100"))) {
            // the API description moved
            f.faults.use(new ScriptedFaultInjector().enqueue(ScriptedFaultInjector.OPENAPI, Fault.redirect(301, elsewhere.origin())));
            Response first = runToEnd(f, service, null);
            assertThat(first.jsonPath().getString("state")).as(first.asString()).isEqualTo("FAILED");
            assertThat(first.jsonPath().getString("error")).as(first.asString()).contains("redirect")
                    .contains(elsewhere.origin() + "/rest/v1/");

            // pages of clients answered with 302 and 307
            for (int status : new int[] {302, 307}) {
                log.clear();
                f.faults.use(request -> "clients".equals(request.table()) && isPage(request.rawQuery())
                        ? Optional.of(Fault.redirect(status, elsewhere.origin())) : Optional.empty());
                Response run = runToEnd(f, service, "{\"tables\":[\"clients\"]}");
                assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("FAILED");
                assertThat(run.jsonPath().getString("error")).as(run.asString()).contains("HTTP " + status)
                        .contains(elsewhere.origin() + "/rest/v1/clients?");
                List<Served> redirected = log.matching(r -> r.status() == status);
                assertThat(redirected.stream().map(Served::query).distinct().count()).as("a redirect is not retried")
                        .isEqualTo(redirected.size());
            }
            assertThat(elsewhere.requests()).as("nothing reached the other origin").isEmpty();
            assertThat(elsewhere.received("apikey") || elsewhere.received("Authorization")).isFalse();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 10. compression

    @Test
    void responsesComeGzipEncodedAsFromSupabasesGatewayAndTheRunIsEqual(TestInfo test) {
        MigrationFixture f = fixture(test, server -> server.compression(true));
        ServedLog log = f.server.record();
        try (ServiceProcess service = start(f, "only", Map.of())) {
            log.clear();
            Response run = runToEnd(f, service, null);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
        }
        List<Served> requests = log.all();
        assertThat(requests).isNotEmpty();
        assertThat(describe(requests.stream().filter(r -> r.header("Accept-Encoding") == null
                || !r.header("Accept-Encoding").contains("gzip")).toList())).as("requests not asking for gzip").isEmpty();
        List<Served> large = requests.stream().filter(r -> r.status() == 200 && r.bodyBytes() >= 100).toList();
        assertThat(large).isNotEmpty();
        assertThat(describe(large.stream().filter(r -> !r.gzip()).toList()))
                .as("JSON answers of 100 bytes or more that did not go out gzip-encoded").isEmpty();
        assertThat(large.stream().mapToLong(Served::bodyBytes).sum()).as("bytes of pages").isGreaterThan(1_000_000L);
        assertThat(f.differences(Set.of())).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // support

    Stand stand(TestInfo test, String sourceSql, String targetSql, Consumer<PostgrestServer.Config.Builder> server) {
        testName = test.getTestMethod().orElseThrow().getName();
        TestDatabase source = open(TestDatabase.create("src"));
        source.execute(sourceSql);
        TestDatabase target = open(TestDatabase.create("tgt"));
        target.execute(targetSql);
        return new Stand(source, target, server, "it-service-role-key-" + UUID.randomUUID());
    }

    /** A source database served by the stand-in, a target database, and what the stand-in answered. */
    final class Stand {
        final TestDatabase source;
        final TestDatabase target;
        final PostgrestServer server;
        final ServedLog log;
        final String key;
        final SwitchableFaults faults = new SwitchableFaults();

        Stand(TestDatabase source, TestDatabase target, Consumer<PostgrestServer.Config.Builder> server, String key) {
            this.source = source;
            this.target = target;
            this.key = key;
            PostgrestServer.Config.Builder config = PostgrestServer.Config.builder(source.jdbcUrl()).user(TestDatabase.USER)
                    .password(TestDatabase.PASSWORD).apikey(key).faultInjector(faults);
            server.accept(config);
            this.server = open(PostgrestServer.start(config.build()));
            this.log = this.server.record();
        }

        /** The service with its defaults, migrating every table of the target; {@code settings} add or override. */
        ServiceProcess service(String instance, Map<String, String> settings) {
            return service(instance, settings, List.of("-Xmx256m"));
        }

        ServiceProcess service(String instance, Map<String, String> settings, List<String> jvmArgs) {
            Map<String, String> env = new HashMap<>(ServiceProcess.environment(server.baseUrl(), key, target, TOKEN));
            env.put("MIGRATOR_TABLES", String.join(",", target.rows("SELECT string_agg(relname, ',' ORDER BY relname)"
                    + " FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'").get(0)));
            env.putAll(settings);
            return open(ServiceProcess.start(env, jvmArgs,
                    Path.of("target", "it-logs", "RealSupabaseApiIT-" + testName + "-" + instance + ".log")));
        }

        Response runToEnd(ServiceProcess service, String body) {
            return runToEnd(service, body, RUN_TIMEOUT);
        }

        Response runToEnd(ServiceProcess service, String body, Duration timeout) {
            ControlApi api = new ControlApi(service.baseUrl(), TOKEN);
            return api.awaitEnd(api.start(body), timeout);
        }

        /** A GET of the stand-in with the service's key, as a client of the real API would send it. */
        HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/v1" + pathAndQuery))
                    .header("apikey", key).header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }


    /** The bot's schema with its hard values and 500 extra clients (~3,000 in all), closed after the test. */
    MigrationFixture fixture(TestInfo test, Consumer<PostgrestServer.Config.Builder> server) {
        testName = test.getTestMethod().orElseThrow().getName();
        MigrationFixture f = open(new MigrationFixture("RealSupabaseApiIT-" + testName, 500, 0, server));
        f.target.execute("ALTER TABLE clients DROP CONSTRAINT visit_count_not_negative");
        return f;
    }

    /** The fixture's service with the service's own page and batch sizes; {@code settings} add or override. */
    ServiceProcess start(MigrationFixture f, String instance, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("MIGRATOR_PAGE_SIZE", "1000", "MIGRATOR_BATCH_SIZE", "1000"));
        env.putAll(settings);
        return open(f.startService(instance, env));
    }

    Response runToEnd(MigrationFixture f, ServiceProcess service, String body) {
        ControlApi api = f.api(service);
        return api.awaitEnd(api.start(body), RUN_TIMEOUT);
    }

    /** A keyset page request (as opposed to the first row, the highest key or a key at an offset). */
    static boolean isPage(String rawQuery) {
        return rawQuery != null && rawQuery.contains("order=") && !rawQuery.contains("offset=") && limit(rawQuery) > 1
                || rawQuery != null && rawQuery.contains("order=") && limit(rawQuery) == 1 && decoded(rawQuery).contains(".gt.")
                && !decoded(rawQuery).contains("not.is.null");
    }

    static int limit(String rawQuery) {
        Matcher m = Pattern.compile("(?:^|&)limit=(\\d+)").matcher(rawQuery == null ? "" : rawQuery);
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    static String withoutLimit(String query) {
        return query.replaceAll("(^|&)limit=\\d+", "");
    }

    static String decoded(String rawQuery) {
        return rawQuery == null ? "" : java.net.URLDecoder.decode(rawQuery.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> describe(List<Served> requests) {
        return requests.stream().map(r -> r.method() + " " + r.rawPath() + "?" + r.query() + " -> " + r.status() + " "
                + r.bodyBytes() + " bytes, Content-Encoding " + r.contentEncoding() + ", Accept-Encoding "
                + r.header("Accept-Encoding")).toList();
    }

    static List<String> queries(List<Served> requests) {
        return requests.stream().map(r -> r.status() + " " + r.query()).toList();
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
