package org.supabasemigrator.testsupport.postgrest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.testsupport.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stand-in behaves like PostgREST 12 to 14 behind Supabase's gateway, not like an idealised PostgREST:
 * its grammar and reserved keys, OpenAPI formats and required lists, schemas, keys and row-level security,
 * counts, statement timeouts, request-target limits, compression and the gateways' faults.
 */
class PostgrestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SERVICE = SupabaseKeys.jwt("service_role");
    private static final String ANON = SupabaseKeys.jwt("anon");
    private static final String SECRET = SupabaseKeys.secretKey();
    private static final String PUBLISHABLE = SupabaseKeys.publishableKey();
    private static final int BIG_ROWS = 3_000_000;

    private static TestDatabase db;
    private static PostgrestServer server;
    private static boolean citext;

    @BeforeAll
    static void start() {
        db = TestDatabase.create("pgrst");
        citext = !db.rows("SELECT 1 FROM pg_available_extensions WHERE name = 'citext'").isEmpty();
        db.execute("""
                CREATE TYPE user_status AS ENUM ('active', 'blocked');
                CREATE TYPE address AS (street text, zip int);
                CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100);
                CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0);
                CREATE DOMAIN status_domain AS user_status;
                CREATE TABLE companies (id int PRIMARY KEY, title text NOT NULL);
                COMMENT ON TABLE companies IS 'Salons
                
                One row per salon.';
                INSERT INTO companies VALUES (1, 'Салон');
                CREATE TABLE reserved (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "order" int, "limit" int, "offset" int, "select" text, "user" text, "my col" text,
                    "a.b" text, "x,y" text, "Имя" text, \"\"\"q\"\"\" text, "and" int);
                COMMENT ON COLUMN reserved.id IS 'the key';
                INSERT INTO reserved ("order", "limit", "offset", "select", "user", "my col", "a.b", "x,y", "Имя", \"\"\"q\"\"\", "and")
                VALUES (1, 3, 30, 's1', 'u1', 'v1', 'ab1', 'xy1', 'Анна', 'q1', 1),
                       (2, 7, 70, 's2', 'u2', 'v2', 'ab,2', 'xy2', 'Борис', 'q"2', 2),
                       (3, 9, 90, 's(3)', 'u3', 'v3', 'ab.3', 'xy3', 'Вера', 'q3', 3);
                CREATE TABLE typed (
                    id serial PRIMARY KEY,
                    name varchar(20) NOT NULL DEFAULT 'anon',
                    status user_status NOT NULL DEFAULT 'active',
                    statuses user_status[],
                    home address,
                    note short_text,
                    notes short_text[],
                    qty positive_int,
                    sd status_domain,
                    tags text[] DEFAULT '{}',
                    ids integer[],
                    data jsonb DEFAULT '{}'::jsonb,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    price numeric(10,2) DEFAULT 1.50,
                    flag boolean DEFAULT true,
                    small smallint,
                    big bigint DEFAULT 0,
                    company_id int REFERENCES companies(id));
                INSERT INTO typed (name, statuses, home, note, qty, sd, tags, ids, data, company_id)
                VALUES ('a', '{active,blocked}', ROW('Main St', 1010), 'n', 1, 'blocked', '{x,y}', '{1,2}', '{"k": {"n": 1}}', 1),
                       ('b', NULL, NULL, NULL, 2, NULL, '{}', NULL, '{"k": {"n": 2}}', NULL);
                CREATE VIEW typed_view AS SELECT id, name, company_id FROM typed;
                CREATE MATERIALIZED VIEW numbers AS SELECT 1 AS x;
                CREATE TABLE parted (id int, k int) PARTITION BY RANGE (k);
                CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);
                CREATE TABLE secret_rows (id int PRIMARY KEY, owner text);
                INSERT INTO secret_rows VALUES (1, 'x'), (2, 'y');
                ALTER TABLE secret_rows ENABLE ROW LEVEL SECURITY;
                CREATE TABLE open_rows (id int PRIMARY KEY, visible boolean NOT NULL);
                INSERT INTO open_rows VALUES (1, true), (2, false), (3, true);
                ALTER TABLE open_rows ENABLE ROW LEVEL SECURITY;
                CREATE POLICY readable ON open_rows FOR SELECT USING (visible);
                CREATE POLICY own ON open_rows FOR SELECT USING (
                    current_setting('request.jwt.claims', true)::jsonb ->> 'role' = 'authenticated');
                CREATE TABLE revoked (id int PRIMARY KEY);
                CREATE SCHEMA other;
                COMMENT ON SCHEMA other IS 'The other schema';
                CREATE TABLE other.things (id int PRIMARY KEY, label text);
                INSERT INTO other.things VALUES (1, 'thing');
                CREATE UNLOGGED TABLE big (id int NOT NULL, v int) WITH (parallel_workers = 0);
                """);
        if (citext) {
            db.execute("CREATE SCHEMA extensions; CREATE EXTENSION citext SCHEMA extensions;"
                    + " CREATE TABLE mail (id int PRIMARY KEY, email extensions.citext, codes extensions.citext[])");
        }
        db.execute("INSERT INTO big SELECT i, i % 1000 FROM generate_series(1, " + BIG_ROWS + ") i;"
                + " ALTER TABLE big ADD PRIMARY KEY (id); ANALYZE big");
        server = PostgrestServer.start(config(b -> { }));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static PostgrestServer.Config config(Consumer<PostgrestServer.Config.Builder> adjust) {
        PostgrestServer.Config.Builder builder = PostgrestServer.Config.builder(db.jdbcUrl()).user(TestDatabase.USER)
                .password(TestDatabase.PASSWORD).apikey(SERVICE).acceptKey(ANON).acceptKey(SECRET)
                .acceptKey(PUBLISHABLE).denyTable("revoked").threads(2);
        adjust.accept(builder);
        return builder.build();
    }

    // ------------------------------------------------------------------ query syntax

    @Test
    void quotedAndReservedNamesAreReadAsPostgrestReadsThem() {
        JsonNode rows = json(get("/reserved?select=\"order\",\"limit\",\"select\",\"user\",\"my col\",\"a.b\",\"x,y\",Имя,"
                + "\"\\\"q\\\"\"&order=\"order\".desc"));
        assertThat(rows).hasSize(3);
        JsonNode first = rows.get(0);
        assertThat(fieldNames(first)).containsExactly("order", "limit", "select", "user", "my col", "a.b", "x,y", "Имя", "\"q\"");
        assertThat(first.get("Имя").asText()).isEqualTo("Вера");

        // a bare word of any script, inner spaces, quoted names holding , . and escaped quotes
        assertThat(ids(get("/reserved?select=id&Имя=eq.Анна"))).containsExactly(1);
        assertThat(ids(get("/reserved?select=id&my col=eq.v2"))).containsExactly(2);
        assertThat(ids(get("/reserved?select=id&\"a.b\"=eq.ab.3"))).containsExactly(3);
        assertThat(ids(get("/reserved?select=id&\"x,y\"=eq.xy1"))).containsExactly(1);
        assertThat(ids(get("/reserved?select=id&\"\\\"q\\\"\"=eq.q\"2"))).containsExactly(2);

        // a key whose last word is limit/offset/order/and/or is never a filter ...
        HttpResponse<byte[]> notAFilter = get("/reserved?select=id&limit=gt.5&order=id");
        assertThat(notAFilter.statusCode()).isEqualTo(200);
        assertThat(ids(notAFilter)).containsExactly(1, 2, 3);
        assertThat(ids(get("/reserved?select=id&offset=gt.50&order=id"))).containsExactly(1, 2, 3);
        // ... but quoted its last word is "limit" (quotes included), and in a logic tree it is a field
        assertThat(ids(get("/reserved?select=id&\"limit\"=gt.5&order=id"))).containsExactly(2, 3);
        assertThat(ids(get("/reserved?select=id&and=(\"limit\".gt.5,\"offset\".lt.80)"))).containsExactly(2);
        assertThat(ids(get("/reserved?select=id&or=(and.eq.1,\"order\".eq.3)&order=id"))).containsExactly(1, 3);
        // select is reserved: a second select is ignored (the first counts), quoted it is a filter
        assertThat(ids(get("/reserved?select=id&select=eq.s1&order=id"))).containsExactly(1, 2, 3);
        assertThat(ids(get("/reserved?select=id&\"select\"=eq.s1"))).containsExactly(1);
    }

    @Test
    void logicTreesAndListsTakeQuotedValues() {
        assertThat(ids(get("/reserved?select=id&or=(\"a.b\".eq.\"ab,2\",\"select\".eq.\"s(3)\")&order=id"))).containsExactly(2, 3);
        assertThat(ids(get("/reserved?select=id&not.or=(id.eq.1,id.eq.2)"))).containsExactly(3);
        assertThat(ids(get("/reserved?select=id&or=(id.eq.1,not.and(id.gt.1,\"a.b\".neq.\"ab.3\"))&order=id")))
                .containsExactly(1, 3);
        assertThat(ids(get("/reserved?select=id&\"a.b\"=in.(\"ab,2\",\"ab.3\")&order=id"))).containsExactly(2, 3);
        assertThat(ids(get("/reserved?select=id&id=in.()"))).isEmpty();
        assertThat(ids(get("/reserved?select=id&id=not.in.(1,2)"))).containsExactly(3);
        assertThat(ids(get("/reserved?select=id&\"select\"=like.s*&order=id.desc"))).containsExactly(3, 2, 1);
        assertThat(ids(get("/reserved?select=id&\"user\"=is.null"))).isEmpty();
        assertThat(ids(get("/typed?select=id&tags=cs.{x}"))).containsExactly(1);
        assertThat(ids(get("/typed?select=id&or=(tags.cs.{x,y},name.eq.zzz)"))).containsExactly(1);
        assertThat(ids(get("/typed?select=id&data->k->>n=eq.2"))).containsExactly(2);
        assertThat(ids(get("/typed?select=id&name=eq(any).{a,c}"))).containsExactly(1);
    }

    @Test
    void castsKeepTheColumnNameAndOnlyPlainTypeNamesParse() {
        JsonNode row = json(get("/typed?select=id,data::text,n:data->k->>n,k:data->k,statuses::text&id=eq.1")).get(0);
        assertThat(row.get("data").isTextual()).isTrue();
        assertThat(row.get("data").asText()).isEqualTo("{\"k\": {\"n\": 1}}");
        assertThat(row.get("n").asText()).isEqualTo("1");
        assertThat(row.get("k").get("n").asInt()).isEqualTo(1);
        assertThat(row.get("statuses").asText()).isEqualTo("{active,blocked}");
        assertThat(fieldNames(json(get("/typed?select=data->k->n&id=eq.1")).get(0))).containsExactly("n");

        JsonNode arrayCast = error(get("/typed?select=id::text[]"), 400);
        assertThat(arrayCast.get("code").asText()).isEqualTo("PGRST100");
        assertThat(arrayCast.get("message").asText())
                .isEqualTo("\"failed to parse select parameter (id::text[])\" (line 1, column 9)");
        assertThat(arrayCast.get("details").asText()).startsWith("unexpected '['");
        // the type name ends at the dot, which Parsec then tries as an aggregate (.sum() etc.)
        JsonNode qualified = error(get("/typed?select=id::public.user_status"), 400);
        assertThat(qualified.get("code").asText()).isEqualTo("PGRST100");
        assertThat(qualified.get("message").asText()).endsWith("(line 1, column 12)");
        assertThat(qualified.get("details").asText())
                .isEqualTo("unexpected \"u\" expecting \"sum\", \"avg\", \"count\", \"max\" or \"min\"");
    }

    @Test
    void parseErrorsAreWordedAsPostgrest() {
        JsonNode order = error(get("/typed?order=id.ac"), 400);
        assertThat(order.get("message").asText()).isEqualTo("\"failed to parse order (id.ac)\" (line 1, column 4)");
        assertThat(order.get("details").asText())
                .isEqualTo("unexpected \"c\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
        JsonNode filter = error(get("/typed?id=noop.0"), 400);
        assertThat(filter.get("message").asText()).isEqualTo("\"failed to parse filter (noop.0)\" (line 1, column 1)");
        assertThat(filter.get("details").asText()).isEqualTo("unexpected \"o\" expecting \"not\" or operator (eq, gt, ...)");
        JsonNode tree = error(get("/typed?or=(id.eq.1,not.xor(id.eq.2,id.eq.3))"), 400);
        assertThat(tree.get("message").asText())
                .isEqualTo("\"failed to parse logic tree ((id.eq.1,not.xor(id.eq.2,id.eq.3)))\" (line 1, column 16)");
        assertThat(tree.get("details").asText()).isEqualTo("unexpected \"x\" expecting logic operator (and, or)");
        JsonNode empty = error(get("/typed?or=()"), 400);
        assertThat(empty.get("details").asText()).isEqualTo("unexpected \")\" expecting field name (* or [a..z0..9_$]),"
                + " negation operator (not) or logic operator (and, or)");
        JsonNode descc = error(get("/typed?order=id.descc"), 400);
        assertThat(descc.get("details").asText()).isEqualTo("unexpected 'c' expecting delimiter (.), \",\" or end of input");
        assertThat(error(get("/typed?select=id,name&name=eq"), 400).get("code").asText()).isEqualTo("PGRST100");
        // unknown columns are PostgreSQL's to report
        JsonNode unknown = error(get("/typed?select=nope"), 400);
        assertThat(unknown.get("code").asText()).isEqualTo("42703");
        assertThat(unknown.get("message").asText()).isEqualTo("column typed.nope does not exist");
        assertThat(error(get("/typed?a.b=eq.1"), 400).get("code").asText()).isEqualTo("PGRST108");
        assertThat(error(get("/typed?select=count()"), 400).get("code").asText()).isEqualTo("PGRST123");
    }

    @Test
    void rangesFollowPostgrest() {
        HttpResponse<byte[]> negativeOffset = get("/reserved?select=id&offset=-4&order=id");
        assertThat(ids(negativeOffset)).containsExactly(1, 2, 3);
        assertThat(negativeOffset.headers().firstValue("Content-Range")).hasValue("0-2/*");
        JsonNode negativeLimit = error(get("/reserved?limit=-1"), 416);
        assertThat(negativeLimit.get("details").asText()).isEqualTo("Limit should be greater than or equal to zero.");
        HttpResponse<byte[]> zero = get("/reserved?limit=0");
        assertThat(json(zero)).isEmpty();
        assertThat(zero.headers().firstValue("Content-Range")).hasValue("*/*");
        HttpResponse<byte[]> pastTheEnd = get("/reserved?offset=10");
        assertThat(pastTheEnd.statusCode()).isEqualTo(200); // no count, no 416
        assertThat(pastTheEnd.headers().firstValue("Content-Range")).hasValue("*/*");
        HttpResponse<byte[]> counted = get("/reserved?offset=10", "Prefer", "count=exact");
        assertThat(counted.statusCode()).isEqualTo(416);
        assertThat(counted.headers().firstValue("Content-Range")).hasValue("*/3");
        assertThat(json(counted).get("details").asText()).isEqualTo("An offset of 10 was requested, but there are only 3 rows.");
        HttpResponse<byte[]> partial = get("/reserved?select=id&order=id&limit=2", "Prefer", "count=exact");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("0-1/3");
        assertThat(partial.headers().firstValue("Preference-Applied")).hasValue("count=exact");
        HttpResponse<byte[]> ranged = get("/reserved?select=id&order=id", "Range", "1-5");
        assertThat(ids(ranged)).containsExactly(2, 3);
        assertThat(ranged.headers().firstValue("Content-Range")).hasValue("1-2/*");
        assertThat(get("/reserved?select=id", "Range", "5-1").statusCode()).isEqualTo(416);
        HttpResponse<byte[]> none = get("/reserved?id=eq.0", "Prefer", "count=exact");
        assertThat(none.headers().firstValue("Content-Range")).hasValue("*/0");
        HttpResponse<byte[]> head = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/rest/v1/reserved?select=id")).method("HEAD", HttpRequest.BodyPublishers.noBody()).header("apikey", SERVICE)
                .header("Range", "0-0").build(), HttpResponse.BodyHandlers.ofByteArray()).join();
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Range")).as("Range is for GET only").hasValue("0-2/*");
    }

    @Test
    void missingTablesAreReportedByVersion() {
        JsonNode v14 = error(get("/companie"), 404);
        assertThat(v14.get("code").asText()).isEqualTo("PGRST205");
        assertThat(v14.get("message").asText()).isEqualTo("Could not find the table 'public.companie' in the schema cache");
        assertThat(v14.get("hint").asText()).isEqualTo("Perhaps you meant the table 'public.companies'");
        assertThat(error(get("/nothing_like_it"), 404).get("hint").isNull()).isTrue();
        try (PostgrestServer v12 = PostgrestServer.start(config(b -> b.postgrestVersion(PostgrestVersion.V12)))) {
            JsonNode error = error(get(v12, "/companie"), 404);
            assertThat(error.get("code").asText()).isEqualTo("42P01");
            assertThat(error.get("message").asText()).isEqualTo("relation \"public.companie\" does not exist");
        }
    }

    // ------------------------------------------------------------------ OpenAPI

    @Test
    void theOpenApiDocumentIsWrittenAsPostgrestWritesIt() {
        HttpResponse<byte[]> response = get("/");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/openapi+json; charset=utf-8");
        JsonNode doc = json(response);
        JsonNode definitions = doc.get("definitions");
        assertThat(fieldNames(definitions)).contains("companies", "typed", "typed_view", "numbers", "parted")
                .doesNotContain("parted_1").isSorted();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("standard public schema");
        assertThat(doc.get("info").get("version").asText()).isEqualTo("14.17");

        JsonNode typed = definitions.get("typed");
        JsonNode p = typed.get("properties");
        assertThat(fieldNames(p)).isSorted(); // aeson's object keys, not column order
        assertThat(p.get("id").get("format").asText()).isEqualTo("int32"); // v14.8+
        assertThat(p.get("big").get("format").asText()).isEqualTo("int64");
        assertThat(p.get("small").get("format").asText()).isEqualTo("int32");
        assertThat(p.get("name").get("format").asText()).isEqualTo("character varying");
        assertThat(p.get("name").get("maxLength").asInt()).isEqualTo(20);
        assertThat(p.get("name").get("default").asText()).isEqualTo("anon");
        assertThat(p.get("status").get("format").asText()).isEqualTo("public.user_status");
        assertThat(p.get("status").get("enum")).extracting(JsonNode::asText).containsExactly("active", "blocked");
        assertThat(p.get("status").get("default").asText()).isEqualTo("active");
        assertThat(p.get("statuses").get("format").asText()).isEqualTo("public.user_status[]");
        assertThat(p.get("statuses").get("type").asText()).isEqualTo("array");
        assertThat(p.get("statuses").get("items").get("type").asText()).isEqualTo("string");
        assertThat(p.get("home").get("format").asText()).isEqualTo("public.address");
        assertThat(p.get("note").get("format").asText()).isEqualTo("text"); // domain over a pg_catalog type
        assertThat(p.get("notes").get("format").asText()).isEqualTo("public.short_text[]"); // an array of it is not a domain
        assertThat(p.get("notes").get("items").get("type").asText()).isEqualTo("string");
        assertThat(p.get("qty").get("format").asText()).isEqualTo("int32"); // a domain over integer is "integer", so int32
        assertThat(p.get("sd").get("format").asText()).isEqualTo("public.status_domain"); // domain over an enum
        assertThat(p.get("ids").get("format").asText()).isEqualTo("integer[]");
        assertThat(p.get("ids").get("items").get("type").asText()).isEqualTo("integer");
        assertThat(p.get("data").get("format").asText()).isEqualTo("jsonb");
        assertThat(p.get("data").has("type")).isFalse();
        assertThat(p.get("data").has("default")).isFalse(); // '{}'::jsonb does not decode
        assertThat(p.get("created_at").get("format").asText()).isEqualTo("timestamp with time zone");
        assertThat(p.get("created_at").get("default").asText()).isEqualTo("now()");
        assertThat(p.get("price").get("default").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(p.get("flag").get("default").asBoolean()).isTrue();
        assertThat(p.get("id").has("default")).isFalse(); // nextval(...) does not decode
        assertThat(p.get("id").get("description").asText()).isEqualTo("Note:\nThis is a Primary Key.<pk/>");
        assertThat(p.get("company_id").get("description").asText())
                .isEqualTo("Note:\nThis is a Foreign Key to `companies.id`.<fk table='companies' column='id'/>");
        // every NOT NULL column, defaults or not, and a NOT NULL domain, in column order
        assertThat(typed.get("required")).extracting(JsonNode::asText).containsExactly("id", "name", "status", "qty", "created_at");

        JsonNode reserved = definitions.get("reserved").get("properties");
        assertThat(reserved.get("id").get("description").asText()).isEqualTo("the key\n\nNote:\nThis is a Primary Key.<pk/>");
        assertThat(reserved.get("id").get("format").asText()).isEqualTo("int64");
        assertThat(definitions.get("typed_view").get("properties").get("id").get("description").asText())
                .isEqualTo("Note:\nThis is a Primary Key.<pk/>"); // views get keys inferred from their base tables
        assertThat(definitions.get("typed_view").get("properties").get("company_id").get("description").asText())
                .contains("<fk table='companies' column='id'/>");
        assertThat(definitions.get("companies").get("description").asText()).isEqualTo("Salons\n\nOne row per salon.");
        JsonNode companiesGet = doc.get("paths").get("/companies").get("get");
        assertThat(companiesGet.get("summary").asText()).isEqualTo("Salons");
        assertThat(companiesGet.get("description").asText()).isEqualTo("One row per salon.");
        assertThat(fieldNames(doc.get("paths").get("/typed_view"))).containsExactly("delete", "get", "patch", "post");
        assertThat(fieldNames(doc.get("paths").get("/numbers"))).containsExactly("get");
        assertThat(doc.get("parameters").get("rowFilter.typed.name").has("format")).isFalse();
        if (citext) {
            JsonNode mail = definitions.get("mail").get("properties");
            assertThat(mail.get("email").get("format").asText()).isEqualTo("extensions.citext");
            assertThat(mail.get("codes").get("format").asText()).isEqualTo("extensions.citext[]");
        }

        try (PostgrestServer v13 = PostgrestServer.start(config(b -> b.postgrestVersion(PostgrestVersion.V13)))) {
            JsonNode older = json(get(v13, "/")).get("definitions").get("typed").get("properties");
            assertThat(older.get("id").get("format").asText()).isEqualTo("integer");
            assertThat(older.get("big").get("format").asText()).isEqualTo("bigint");
            assertThat(older.get("qty").get("format").asText()).isEqualTo("integer");
        }
    }

    @Test
    void schemasAreChosenWithAcceptProfile() {
        try (PostgrestServer both = PostgrestServer.start(config(b -> b.exposedSchemas(List.of("public", "other"))))) {
            HttpResponse<byte[]> things = get(both, "/things", "Accept-Profile", "other");
            assertThat(json(things).get(0).get("label").asText()).isEqualTo("thing");
            assertThat(things.headers().firstValue("Content-Profile")).hasValue("other");
            assertThat(get(both, "/companies").headers().firstValue("Content-Profile")).hasValue("public");
            assertThat(error(get(both, "/things"), 404).get("code").asText()).isEqualTo("PGRST205");
            JsonNode otherDoc = json(get(both, "/", "Accept-Profile", "other"));
            assertThat(fieldNames(otherDoc.get("definitions"))).containsExactly("things");
            assertThat(otherDoc.get("info").get("title").asText()).isEqualTo("The other schema");
            HttpResponse<byte[]> unknown = get(both, "/things", "Accept-Profile", "nope");
            assertThat(unknown.statusCode()).isEqualTo(406);
            assertThat(JSON.readTree(body(unknown)).toString()).isEqualTo("{\"code\":\"PGRST106\",\"details\":null,"
                    + "\"hint\":\"Only the following schemas are exposed: public, other\",\"message\":\"Invalid schema: nope\"}");
            assertThat(unknown.headers().firstValue("Proxy-Status")).hasValue("PostgREST; error=PGRST106");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(get("/things", "Accept-Profile", "other").statusCode()).isEqualTo(406);
        try (PostgrestServer v12 = PostgrestServer.start(config(b -> b.postgrestVersion(PostgrestVersion.V12)))) {
            JsonNode error = error(get(v12, "/companies", "Accept-Profile", "other"), 406);
            assertThat(error.get("message").asText()).isEqualTo("The schema must be one of the following: public");
        }
    }

    @Test
    void theOpenApiDocumentCanBeDisabledOrRestricted() {
        try (PostgrestServer v12 = PostgrestServer.start(config(b -> b.openApiMode(OpenApiMode.DISABLED_V12)))) {
            HttpResponse<byte[]> response = get(v12, "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
        try (PostgrestServer v13 = PostgrestServer.start(config(b -> b.openApiMode(OpenApiMode.DISABLED_V13)))) {
            HttpResponse<byte[]> response = get(v13, "/");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new String(body(response), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"code\":\"PGRST126\",\"details\":null,\"hint\":null,\"message\":\"Root endpoint metadata is disabled\"}");
            assertThat(get(v13, "/companies").statusCode()).isEqualTo(200);
        }
        try (PostgrestServer platform = PostgrestServer.start(config(b -> b.openApiMode(OpenApiMode.SECRET_KEYS_ONLY)))) {
            HttpResponse<byte[]> anon = send(platform, "/", ANON, null);
            assertThat(anon.statusCode()).isEqualTo(403);
            assertThat(new String(body(anon), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"Access to schema is forbidden\","
                    + "\"hint\":\"Accessing the schema via the Data API is only allowed using a secret API key.\"}");
            assertThat(send(platform, "/", PUBLISHABLE, null).statusCode()).isEqualTo(403);
            assertThat(send(platform, "/", SECRET, null).statusCode()).isEqualTo(200);
            assertThat(get(platform, "/").statusCode()).isEqualTo(200);
            assertThat(send(platform, "/companies", ANON, null).statusCode()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ keys and RLS

    @Test
    void keysActAsTheirRolesAndRowLevelSecurityHidesRows() {
        assertThat(ids(send(server, "/secret_rows?select=id&order=id", SERVICE, null))).containsExactly(1, 2);
        assertThat(ids(send(server, "/secret_rows?select=id&order=id", SECRET, null))).containsExactly(1, 2);
        HttpResponse<byte[]> anon = send(server, "/secret_rows?select=id", ANON, null, "Prefer", "count=exact");
        assertThat(json(anon)).isEmpty(); // RLS enabled, no policy: no rows, and the count agrees
        assertThat(anon.headers().firstValue("Content-Range")).hasValue("*/0");
        assertThat(ids(send(server, "/secret_rows?select=id", PUBLISHABLE, null))).isEmpty();
        assertThat(ids(send(server, "/open_rows?select=id&order=id", ANON, null))).containsExactly(1, 3);
        // a user's JWT signed with the project secret works as bearer with the publishable key
        String user = SupabaseKeys.jwt("authenticated");
        assertThat(ids(send(server, "/open_rows?select=id&order=id", PUBLISHABLE, user))).containsExactly(1, 2, 3);

        JsonNode missing = error(send(server, "/companies", null, null), 401);
        assertThat(missing.get("message").asText()).isEqualTo("No API key found in request");
        assertThat(error(send(server, "/companies", "wrong", null), 401).get("message").asText()).isEqualTo("Invalid API key");
        JsonNode forged = error(send(server, "/companies", ANON, ANON.substring(0, ANON.length() - 2) + "xx"), 401);
        assertThat(forged.get("code").asText()).isEqualTo("PGRST301");
        JsonNode expired = error(send(server, "/companies", ANON, SupabaseKeys.jwt("anon", Instant.now().minusSeconds(7200),
                Instant.now().minusSeconds(3600))), 401);
        assertThat(expired.get("code").asText()).isEqualTo("PGRST303");
        assertThat(expired.get("message").asText()).isEqualTo("JWT expired");
        assertThat(error(send(server, "/companies", SECRET, "sb_secret_other"), 401).get("message").asText())
                .isEqualTo("Expected 3 parts in JWT; got 1");
        assertThat(error(send(server, "/companies", ANON, SupabaseKeys.jwt("nobody")), 401).get("message").asText())
                .isEqualTo("role \"nobody\" does not exist");

        assertThat(error(send(server, "/revoked", SERVICE, null), 403).get("code").asText()).isEqualTo("42501");
        assertThat(error(send(server, "/revoked", ANON, null), 401).get("message").asText())
                .isEqualTo("permission denied for table revoked");
        assertThat(fieldNames(json(send(server, "/", SERVICE, null)).get("definitions"))).contains("revoked");
    }

    // ------------------------------------------------------------------ counts and timeouts

    @Test
    void countsAreExactPlannedOrEstimated() {
        HttpResponse<byte[]> planned = get("/big?select=id&limit=1", "Prefer", "count=planned");
        assertThat(planned.statusCode()).isEqualTo(206);
        assertThat(total(planned)).isBetween(BIG_ROWS * 9L / 10, BIG_ROWS * 11L / 10);
        HttpResponse<byte[]> filtered = get("/big?select=id&id=lte.1000", "Prefer", "count=planned");
        assertThat(total(filtered)).isBetween(500L, 2000L);
        // estimated: exact up to db-max-rows ...
        HttpResponse<byte[]> small = get("/big?select=id&id=lte.10", "Prefer", "count=estimated");
        assertThat(small.headers().firstValue("Content-Range")).hasValue("0-9/10");
        // ... and the planner's estimate above it
        assertThat(total(get("/big?select=id&limit=1", "Prefer", "count=estimated"))).isGreaterThan(1001);
        assertThat(total(get("/reserved?limit=1", "Prefer", "count=exact"))).isEqualTo(3);
    }

    @Test
    void aStatementTimeoutCancelsWhatIsTooExpensive() {
        try (PostgrestServer strict = PostgrestServer.start(config(b -> b.statementTimeoutMs(25)))) {
            HttpResponse<byte[]> count = get(strict, "/big?select=id&limit=1", "Prefer", "count=exact");
            assertThat(count.statusCode()).isEqualTo(500);
            assertThat(new String(body(count), StandardCharsets.UTF_8)).isEqualTo("{\"code\":\"57014\",\"details\":null,"
                    + "\"hint\":null,\"message\":\"canceling statement due to statement timeout\"}");
            HttpResponse<byte[]> page = get(strict, "/big?select=id,v&id=gt.2500000&order=id.asc&limit=1000");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(json(page)).hasSize(1000);
            assertThat(total(get(strict, "/big?select=id&limit=1", "Prefer", "count=estimated"))).isGreaterThan(1001);
            assertThat(get(strict, "/").statusCode()).as("the schema cache load is not subject to it").isEqualTo(200);
        }
        try (PostgrestServer tiny = PostgrestServer.start(config(b -> b.statementTimeoutMs(2)))) {
            tiny.reloadSchemaCache();
            assertThat(get(tiny, "/").statusCode()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ gateway

    @Test
    void longRequestTargetsAre414AtTheGateway() {
        String inList = "in.(" + "1,".repeat(4100) + "1)";
        HttpResponse<byte[]> tooLong = get("/reserved?id=" + inList);
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(tooLong.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(new String(body(tooLong), StandardCharsets.UTF_8)).contains("414 Request-URI Too Large");
        String justFits = "/rest/v1/reserved?select=id&id=in.(" + "1,".repeat(3000) + "1)";
        assertThat(get(justFits.substring("/rest/v1".length())).statusCode()).isEqualTo(200);
        try (PostgrestServer lenient = PostgrestServer.start(config(b -> b.maxUriBytes(0)))) {
            assertThat(get(lenient, "/reserved?id=" + inList).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theGatewayGzipsWhatTheClientAccepts() throws IOException {
        HttpResponse<byte[]> plain = get("/big?select=id,v&order=id&limit=1000");
        HttpResponse<byte[]> gzipped = get("/big?select=id,v&order=id&limit=1000", "Accept-Encoding", "gzip, deflate, br");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 3);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        HttpResponse<byte[]> small = get("/companies?select=id", "Accept-Encoding", "gzip");
        assertThat(small.headers().firstValue("Content-Encoding")).as("under 100 bytes").isEmpty();
        assertThat(get("/big?limit=100", "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();
        try (PostgrestServer off = PostgrestServer.start(config(b -> b.compression(false)))) {
            HttpResponse<byte[]> response = get(off, "/big?limit=100", "Accept-Encoding", "gzip");
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.headers().firstValue("Vary")).isEmpty();
        }
    }

    @Test
    void anObserverSeesEveryRequestWithWhatItWasAnswered() throws Exception {
        try (PostgrestServer watched = PostgrestServer.start(config(b -> b.threads(4)))) {
            ServedLog log = watched.record();
            // concurrent requests of different sizes: each is reported with its own answer
            List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String path = i % 2 == 0 ? "/big?select=id,v&order=id&limit=1000" : "/companies?select=id";
                answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> get(watched, path, "Accept-Encoding", "gzip")));
            }
            answers.forEach(java.util.concurrent.CompletableFuture::join);
            HttpResponse<byte[]> plain = get(watched, "/big?select=id,v&order=id&limit=1000");
            assertThat(get(watched, "/reserved?id=in.(" + "1,".repeat(4100) + "1)").statusCode()).isEqualTo(414);
            assertThat(get(watched, "/").statusCode()).isEqualTo(200);
            // reported once the response is out: the client may hold its answer a moment earlier
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.all().size() == 11);
            // in the order the requests arrived: a response may be reported after a later one's
            List<Served> served = log.all().stream().sorted(java.util.Comparator.comparingLong(Served::sequence)).toList();
            assertThat(served).hasSize(11);
            assertThat(served.subList(0, 8)).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("apikey")).isEqualTo(SERVICE);
                if (r.table().equals("big")) {
                    assertThat(r.bodyBytes()).isEqualTo(plain.body().length);
                    assertThat(r.gzip()).isTrue();
                    assertThat(r.query()).isEqualTo("select=id,v&order=id&limit=1000");
                } else {
                    assertThat(r.table()).isEqualTo("companies");
                    assertThat(r.bodyBytes()).isLessThan(100);
                    assertThat(r.gzip()).isFalse();
                }
                assertThat(r.answerNanos()).isPositive().isLessThanOrEqualTo(r.totalNanos());
            });
            assertThat(served.get(8).gzip()).isFalse();
            assertThat(served.get(9).status()).isEqualTo(414);
            assertThat(served.get(9).uriBytes()).isGreaterThan(8192);
            assertThat(served.get(10).isDescription()).isTrue();
            assertThat(served.get(10).table()).isNull();
            watched.observe(null);
            get(watched, "/companies?select=id");
            Thread.sleep(200);
            assertThat(log.all()).hasSize(11);
        }
    }

    // ------------------------------------------------------------------ faults

    @Test
    void gatewayFaultsLookLikeTheGateways() {
        ScriptedFaultInjector faults = new ScriptedFaultInjector();
        try (PostgrestServer faulty = PostgrestServer.start(config(b -> b.faultInjector(faults)))) {
            faults.enqueue("companies", Fault.tooManyRequests(Duration.ofSeconds(7)), Fault.tooManyRequestsUntil(Duration.ofSeconds(30)),
                    Fault.tooManyRequestsHtml(), Fault.badGateway(), Fault.http503(), Fault.gatewayTimeout(),
                    Fault.cloudflare(520), Fault.cloudflare(521), Fault.cloudflare(522), Fault.cloudflare(523),
                    Fault.cloudflare(524), Fault.statementTimeout());
            HttpResponse<byte[]> seconds = get(faulty, "/companies");
            assertThat(seconds.statusCode()).isEqualTo(429);
            assertThat(seconds.headers().firstValue("Retry-After")).hasValue("7");
            HttpResponse<byte[]> date = get(faulty, "/companies");
            assertThat(date.statusCode()).isEqualTo(429);
            assertThat(date.headers().firstValue("Retry-After").orElseThrow()).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            HttpResponse<byte[]> html = get(faulty, "/companies");
            assertThat(html.statusCode()).isEqualTo(429);
            assertThat(html.headers().firstValue("Retry-After")).isEmpty();
            assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            for (int status : new int[] {502, 503, 504, 520, 521, 522, 523, 524}) {
                HttpResponse<byte[]> page = get(faulty, "/companies");
                assertThat(page.statusCode()).isEqualTo(status);
                assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
                assertThat(new String(body(page), StandardCharsets.UTF_8)).contains(Integer.toString(status));
            }
            HttpResponse<byte[]> timeout = get(faulty, "/companies");
            assertThat(timeout.statusCode()).isEqualTo(500);
            assertThat(error(timeout, 500).get("code").asText()).isEqualTo("57014");
            assertThat(get(faulty, "/companies").statusCode()).isEqualTo(200);
            assertThat(faults.pendingCount()).isZero();
        }
        RandomFaultInjector random = new RandomFaultInjector(1, 7);
        List<Fault.Kind> drawn = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            drawn.add(random.next(new RequestInfo(i, "GET", "t", null)).orElseThrow().kind());
        }
        assertThat(EnumSet.copyOf(drawn)).as("the default choice is the original kinds").isEqualTo(Fault.classic());
    }

    @Test
    void aRedirectSendsTheClientElsewhereKeepingPathAndQuery() throws Exception {
        ScriptedFaultInjector faults = new ScriptedFaultInjector();
        try (RequestRecorder elsewhere = RequestRecorder.start();
             PostgrestServer redirecting = PostgrestServer.start(config(b -> b.faultInjector(faults)))) {
            faults.enqueue("companies", Fault.redirect(elsewhere.origin()), Fault.redirect(307, elsewhere.origin()));
            HttpResponse<byte[]> moved = get(redirecting, "/companies?select=id&id=gt.0");
            assertThat(moved.statusCode()).isEqualTo(302);
            assertThat(moved.headers().firstValue("Location"))
                    .hasValue(elsewhere.origin() + "/rest/v1/companies?select=id&id=gt.0");
            assertThat(get(redirecting, "/companies").statusCode()).isEqualTo(307);
            assertThat(elsewhere.requests()).isEmpty();

            // a client that follows without its keys: the recorder sees what arrived
            HttpResponse<String> followed = HTTP.send(HttpRequest.newBuilder(URI.create(moved.headers().firstValue("Location")
                    .orElseThrow())).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(followed.body()).isEqualTo("[]");
            RequestRecorder.Recorded recorded = elsewhere.requests().get(0);
            assertThat(recorded.method()).isEqualTo("GET");
            assertThat(recorded.pathAndQuery()).isEqualTo("/rest/v1/companies?select=id&id=gt.0");
            assertThat(recorded.header("accept")).isEqualTo("application/json");
            assertThat(elsewhere.received("apikey")).isFalse();
            assertThat(elsewhere.received("Authorization")).isFalse();
        }
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<byte[]> get(String path, String... headers) {
        return get(server, path, headers);
    }

    static HttpResponse<byte[]> get(PostgrestServer target, String path, String... headers) {
        return send(target, path, SERVICE, SERVICE, headers);
    }

    /** A GET with the key as apikey (none when null) and the bearer (none when null). */
    static HttpResponse<byte[]> send(PostgrestServer target, String path, String apikey, String bearer, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/rest/v1" + encodePath(path)))
                .timeout(Duration.ofSeconds(30));
        if (apikey != null) {
            request.header("apikey", apikey);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes what a URI may not hold raw (quotes, spaces, Cyrillic, braces), keeping the query's syntax. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if ("?&=/.,()*:-_!~'$;+".indexOf(c) >= 0 || (c < 128 && Character.isLetterOrDigit(c))) {
                out.append(c);
            } else {
                out.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.toString();
    }

    static byte[] body(HttpResponse<byte[]> response) {
        return response.body();
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    static JsonNode error(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        return json(response);
    }

    static List<Integer> ids(HttpResponse<byte[]> response) {
        JsonNode rows = json(response);
        assertThat(response.statusCode()).as(rows.toString()).isBetween(200, 206);
        List<Integer> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("id").asInt()));
        return ids;
    }

    static long total(HttpResponse<byte[]> response) {
        String range = response.headers().firstValue("Content-Range").orElseThrow();
        return Long.parseLong(range.substring(range.indexOf('/') + 1));
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }
}
