package org.supabasemigrator.testsupport.postgrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.supabasemigrator.testsupport.postgrest.ApiKeyAuth.Principal;
import org.supabasemigrator.testsupport.postgrest.FaultResponder.AbortConnection;
import org.supabasemigrator.testsupport.postgrest.RequestParser.Param;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Policy;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Table;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves {@code /rest/v1}: the OpenAPI document at the root and one read endpoint per relation. Order of
 * checks, as on Supabase: latency, the gateway (request-target length, route, API key, the platform's
 * OpenAPI restriction), injected faults, then PostgREST's: resource path, Accept-Profile, method, query
 * string, Accept, table lookup, plan, permission, SQL. Responses pass the gateway's compression on the
 * way out. Nothing is logged per request.
 */
final class RestHandler implements HttpHandler {

    static final String PREFIX = "/rest/v1";
    /** The roles of a Supabase database: a JWT naming another role fails as SET ROLE would (22023, 401). */
    static final Set<String> ROLES = Set.of("anon", "authenticated", "service_role", "postgres", "supabase_admin",
            "authenticator", "dashboard_user", "supabase_auth_admin", "supabase_storage_admin", "supabase_read_only_user",
            "supabase_realtime_admin", "supabase_replication_admin", "pgbouncer");
    private static final String OPENAPI_TYPE = "application/openapi+json; charset=utf-8";

    private final PostgrestServer.Config config;
    private final PostgrestVersion version;
    private final ConnectionPool pool;
    private final ApiKeyAuth auth;
    private final String host;
    private final RestResponse.Compression compression;
    private final AtomicLong sequence = new AtomicLong();
    /**
     * When the response of the exchange this worker thread serves was ready, and its body's length (not exchange
     * attributes: the JDK server keeps those in the shared HttpContext).
     */
    private static final ThreadLocal<long[]> ANSWERED = ThreadLocal.withInitial(() -> new long[2]);
    private volatile Consumer<Served> observer;
    private final Map<String, SchemaCache> caches = new ConcurrentHashMap<>();

    RestHandler(PostgrestServer.Config config, ConnectionPool pool, String host) throws SQLException {
        this.config = config;
        this.version = config.postgrestVersion();
        this.pool = pool;
        this.auth = new ApiKeyAuth(config.acceptedKeys(), config.deniedTables(), version);
        this.host = host;
        this.compression = config.compression()
                ? new RestResponse.Compression(true, config.compressionLevel(), 100) : RestResponse.Compression.OFF;
        reloadSchemaCache();
    }

    void reloadSchemaCache() throws SQLException {
        for (String schema : config.exposedSchemas()) {
            reload(schema);
        }
    }

    private SchemaCache reload(String schema) throws SQLException {
        SchemaCache cache = pool.withConnection(c -> SchemaCache.load(c, schema));
        caches.put(schema, cache);
        return cache;
    }

    /** Sees every request once it is answered (or dropped); null: nobody looks. */
    void observe(Consumer<Served> observer) {
        this.observer = observer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long number = sequence.incrementAndGet();
        long started = System.nanoTime();
        Consumer<Served> watching = observer;
        long[] answered = ANSWERED.get();
        answered[0] = 0;
        answered[1] = -1;
        try {
            serve(exchange, number);
        } finally {
            if (watching != null) {
                report(watching, exchange, number, started);
            }
        }
    }

    private static void report(Consumer<Served> observer, HttpExchange exchange, long number, long started) {
        long ended = System.nanoTime();
        long[] answered = ANSWERED.get();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        URI uri = exchange.getRequestURI();
        observer.accept(new Served(number, started, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Collections.unmodifiableMap(headers), exchange.getResponseCode(),
                exchange.getResponseHeaders().getFirst("Content-Encoding"), answered[1],
                (answered[0] == 0 ? ended : answered[0]) - started, ended - started));
    }

    private void serve(HttpExchange exchange, long number) throws IOException {
        String method = exchange.getRequestMethod();
        boolean head = method.equals("HEAD");
        Fault fault = null;
        Principal principal = ApiKeyAuth.UNCHECKED;
        RestResponse response;
        try {
            pause(Duration.ofMillis(config.latencyMs()));
            URI uri = exchange.getRequestURI();
            String rawPath = uri.getRawPath();
            String rawQuery = uri.getRawQuery();
            long target = rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1L);
            if (config.maxUriBytes() > 0 && target > config.maxUriBytes()) {
                // The gateway refuses the request line before anything else looks at it (nginx's page, no JSON).
                send(exchange, RestResponse.of(414, "text/html",
                        FaultResponder.gatewayPage("414 Request-URI Too Large").getBytes(StandardCharsets.UTF_8)), head, null);
                return;
            }
            if (!rawPath.equals(PREFIX) && !rawPath.startsWith(PREFIX + "/")) {
                throw PostgrestError.gateway(404, "no Route matched with those values", null);
            }
            List<Param> params = RequestParser.queryParams(rawQuery);
            principal = auth.check(exchange.getRequestHeaders(), params);
            params = params.stream().filter(p -> !p.key().equals("apikey")).toList(); // the gateway keeps the key
            List<String> segments = segments(rawPath.substring(PREFIX.length()));
            boolean rpc = segments.size() == 2 && segments.get(0).equals("rpc");
            if (segments.size() > 1 && !rpc) {
                throw PostgrestError.of(404, "PGRST125", "Invalid path specified in request URL", null, null);
            }
            if (segments.isEmpty() && config.openApiMode() == OpenApiMode.SECRET_KEYS_ONLY && !principal.serviceRole()) {
                throw PostgrestError.gateway(403, "Access to schema is forbidden",
                        "Accessing the schema via the Data API is only allowed using a secret API key.");
            }
            String resource = segments.isEmpty() ? null : String.join("/", segments);
            fault = config.faultInjector().next(new RequestInfo(number, method, resource, rawQuery)).orElse(null);
            if (fault != null && FaultResponder.replacesResponse(fault)) {
                send(exchange, FaultResponder.responseFor(fault, exchange, version), head, null);
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.STALL) {
                pause(fault.stall());
            }
            response = postgrest(exchange, method, segments, params, principal);
        } catch (PostgrestError e) {
            response = e.toResponse(version);
        } catch (SQLException e) {
            response = sqlError(e, principal).toResponse(version);
        } catch (AbortConnection e) {
            throw e;
        } catch (RuntimeException e) {
            response = PostgrestError.of(500, "PGRST000", "PostgREST stand-in failed: " + e, null, null).toResponse(version);
        }
        send(exchange, response, head, fault);
    }

    private void send(HttpExchange exchange, RestResponse response, boolean head, Fault fault) {
        long[] answered = ANSWERED.get();
        answered[0] = System.nanoTime();
        answered[1] = response.body().length;
        try {
            if (fault != null && (fault.kind() == Fault.Kind.TRUNCATED_BODY || fault.kind() == Fault.Kind.MALFORMED_JSON)) {
                FaultResponder.respondCorrupted(exchange, fault, response, head, compression);
            } else {
                response.send(exchange, head, compression);
            }
        } catch (IOException e) {
            throw new AbortConnection("client went away: " + e);
        }
    }

    /** WAI's pathInfo: the path after {@code /rest/v1}, split on {@code /} and percent-decoded. */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path.isEmpty() || path.equals("/")) {
            return segments;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            segments.add(percentDecode(segment));
        }
        return segments;
    }

    private static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** PostgREST proper: userApiRequest (resource, schema, action, query string), then the plan and the query. */
    private RestResponse postgrest(HttpExchange exchange, String method, List<String> segments, List<Param> params,
                                   Principal principal) throws SQLException {
        Headers headers = exchange.getRequestHeaders();
        boolean root = segments.isEmpty();
        boolean rpc = segments.size() == 2;
        if (root && config.openApiMode() == OpenApiMode.DISABLED_V13) {
            throw PostgrestError.of(404, "PGRST126", "Root endpoint metadata is disabled", null, null);
        }
        // getSchema: Accept-Profile for reads, Content-Profile for writes
        boolean write = Set.of("DELETE", "PATCH", "POST", "PUT").contains(method);
        String profile = headers.getFirst(write ? "Content-Profile" : "Accept-Profile");
        List<String> exposed = config.exposedSchemas();
        String schema;
        boolean negotiated;
        if (profile != null) {
            if (!exposed.contains(profile)) {
                throw version.atLeast(PostgrestVersion.V13)
                        ? PostgrestError.of(406, "PGRST106", "Invalid schema: " + profile, null,
                                "Only the following schemas are exposed: " + String.join(", ", exposed))
                        : PostgrestError.of(406, "PGRST106", "The schema must be one of the following: "
                                + String.join(", ", exposed), null, null);
            }
            schema = profile;
            negotiated = true;
        } else {
            schema = exposed.get(0);
            negotiated = exposed.size() != 1;
        }
        // getAction
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (method.equals("OPTIONS")) {
            return RestResponse.of(200, "text/plain", new byte[0])
                    .withHeader("Allow", root ? "OPTIONS,GET,HEAD" : rpc ? "OPTIONS,GET,HEAD,POST" : "OPTIONS,GET,HEAD");
        }
        if (rpc && !read && !method.equals("POST")) {
            throw PostgrestError.of(405, "PGRST101", "Cannot use the " + method + " method on RPC", null, null);
        }
        if (!rpc && !read) {
            // the stand-in reads only (its sessions are read-only); PostgREST itself would attempt the write
            throw PostgrestError.of(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
        }
        RequestParser.Parsed query = RequestParser.parseQuery(params, headers, method.equals("GET"), rpc && read);
        if (root) {
            negotiate(headers, List.of("application/openapi+json", "application/json"));
            checkRole(principal);
            return openApi(schema, negotiated);
        }
        if (rpc) {
            // the stand-in serves no functions: PostgREST's answer for a function it does not know
            String function = segments.get(1);
            List<String> arguments = query.rpcParams().stream().distinct().sorted().toList();
            String signature = arguments.isEmpty() ? " without parameters" : " with parameter"
                    + (arguments.size() > 1 ? "s " : " ") + String.join(", ", arguments);
            throw PostgrestError.of(404, "PGRST202", "Could not find the function " + schema + "." + function
                    + (arguments.isEmpty() ? " without parameters" : "(" + String.join(", ", arguments) + ")")
                    + " in the schema cache", "Searched for the function " + schema + "." + function + signature
                    + ", but no matches were found in the schema cache.", null);
        }
        negotiate(headers, List.of("application/json"));
        return read(schema, negotiated, segments.get(0), query, principal);
    }

    /** Content negotiation on Accept: 406 PGRST107 when none of the requested media types is offered. */
    private static void negotiate(Headers headers, List<String> offered) {
        List<String> accept = headers.get("Accept");
        if (accept == null) {
            return;
        }
        List<String> requested = new ArrayList<>();
        for (String header : accept) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                if (type.isEmpty()) {
                    continue;
                }
                boolean zero = false;
                for (int i = 1; i < parts.length; i++) {
                    zero |= parts[i].strip().matches("q=0(\\.0*)?");
                }
                if (zero) {
                    continue;
                }
                requested.add(type);
                for (String media : offered) {
                    if (type.equals(media) || type.equals("*/*")
                            || (type.endsWith("/*") && media.startsWith(type.substring(0, type.length() - 1)))) {
                        return;
                    }
                }
            }
        }
        if (requested.isEmpty()) {
            return;
        }
        throw PostgrestError.of(406, "PGRST107", "None of these media types are available: " + String.join(", ", requested),
                null, null);
    }

    /** The OpenAPI document. It re-reads the catalog, so tables created after start-up show up in it. */
    private RestResponse openApi(String schema, boolean negotiated) throws SQLException {
        RestResponse response;
        if (config.openApiMode() == OpenApiMode.DISABLED_V12) {
            response = RestResponse.of(200, OPENAPI_TYPE, new byte[0]);
        } else {
            SchemaCache cache = reload(schema);
            response = RestResponse.of(200, OPENAPI_TYPE, OpenApiDocument.render(cache, cache.tables(), host, version));
        }
        return negotiated ? response.withHeader("Content-Profile", schema) : response;
    }

    private RestResponse read(String schema, boolean negotiated, String tableName, RequestParser.Parsed query,
                             Principal principal) throws SQLException {
        Table table = table(schema, tableName);
        ReadRequest request = RequestParser.plan(query);
        checkRole(principal);
        auth.checkTable(principal, table.name());
        PageRange top = request.range();
        BigInteger maxRows = config.maxRows() > 0 ? BigInteger.valueOf(config.maxRows()) : null;
        // db-max-rows caps whatever was asked for (treeRestrictRange)
        PageRange queryRange = top.orLimitZero(top.restrict(maxRows));
        String security = rowSecurity(table, principal);
        ReadQuery sql = new ReadQuery(table, request, queryRange, maxRows == null ? null : maxRows.longValue(), security);
        long timeout = config.roleStatementTimeoutsMs().getOrDefault(principal.role(), config.statementTimeoutMs());
        ReadQuery.Page page = pool.withConnection(timeout, connection -> {
            if (security != null) {
                setClaims(connection, principal);
            }
            return sql.fetch(connection);
        });

        // RangeQuery.rangeStatusHeader
        BigInteger lower = top.offset();
        BigInteger upper = lower.add(BigInteger.valueOf(page.rows())).subtract(BigInteger.ONE);
        Long total = page.total();
        int status = 200;
        if (total != null) {
            BigInteger t = BigInteger.valueOf(total);
            status = lower.compareTo(t) > 0 ? 416 : BigInteger.valueOf(page.rows()).compareTo(t) < 0 ? 206 : 200;
        }
        String range = (total == null || total != 0) && lower.compareTo(upper) <= 0 ? lower + "-" + upper : "*";
        byte[] body = page.body();
        if (status == 416) {
            ObjectNode error = Json.object();
            error.put("code", "PGRST103");
            error.put("details", "An offset of " + lower + " was requested, but there are only " + total + " rows.");
            error.putNull("hint");
            error.put("message", "Requested range not satisfiable");
            body = Json.bytes(error);
        }
        RestResponse response = RestResponse.json(status, body)
                .withHeader("Content-Range", range + "/" + (total == null ? "*" : total.toString()))
                .withHeader("Content-Location", "/" + table.name()
                        + (request.canonicalQuery().isEmpty() ? "" : "?" + request.canonicalQuery()));
        if (negotiated) {
            response.withHeader("Content-Profile", schema);
        }
        if (request.count() != null) {
            response.withHeader("Preference-Applied", request.count().preference);
        }
        return response;
    }

    /** PostgREST switches to the JWT's role as the transaction starts: an unknown role fails there. */
    private static void checkRole(Principal principal) {
        if (!ROLES.contains(principal.role())) {
            throw PostgrestError.of(401, "22023", "role \"" + principal.role() + "\" does not exist", null, null);
        }
    }

    /** The relation, re-reading the catalog once on a miss (Supabase reloads PostgREST's cache on DDL). */
    private Table table(String schema, String name) throws SQLException {
        SchemaCache cache = caches.get(schema);
        Table table = cache.table(name);
        if (table == null) {
            cache = reload(schema);
            table = cache.table(name);
        }
        if (table != null) {
            return table;
        }
        if (!version.atLeast(PostgrestVersion.V13)) {
            // v12 has no table check of its own: PostgreSQL says it
            throw PostgrestError.of(404, "42P01", "relation \"" + schema + "." + name + "\" does not exist", null, null);
        }
        String hint = null;
        Set<String> names = cache.tableNames();
        if (names.size() < 500) {
            String best = null;
            double bestScore = -1;
            for (String candidate : names) {
                double score = similarity(name, candidate);
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                }
            }
            if (best != null && bestScore >= version.tableHintScore()) {
                hint = "Perhaps you meant the table '" + schema + "." + best + "'";
            }
        }
        throw PostgrestError.of(404, "PGRST205", "Could not find the table '" + schema + "." + name + "' in the schema cache",
                null, hint);
    }

    /** fuzzyset's Levenshtein score: 1 - distance / longer length (case-insensitive). */
    static double similarity(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        int longest = Math.max(x.length(), y.length());
        return longest == 0 ? 1 : 1 - (double) previous[y.length()] / longest;
    }

    /**
     * Row-level security, emulated: for a role without BYPASSRLS on a table with RLS enabled, the USING
     * expressions of the policies for that role (or PUBLIC) are added as PostgreSQL would (permissive ones
     * ORed, restrictive ones ANDed), and no permissive policy means no rows. Null when RLS does not apply.
     */
    static String rowSecurity(Table table, Principal principal) {
        if (!table.rowSecurity() || principal.bypassRls()) {
            return null;
        }
        List<String> permissive = new ArrayList<>();
        List<String> restrictive = new ArrayList<>();
        for (Policy policy : table.policies()) {
            if (policy.roles().contains("public") || policy.roles().contains(principal.role())) {
                String using = policy.using() == null ? "true" : policy.using();
                (policy.permissive() ? permissive : restrictive).add("(" + using + ")");
            }
        }
        if (permissive.isEmpty()) {
            return "false";
        }
        String condition = "(" + String.join(" OR ", permissive) + ")";
        return restrictive.isEmpty() ? condition : condition + " AND " + String.join(" AND ", restrictive);
    }

    /** The JWT claims as PostgREST sets them for the request (policies may read them). */
    private static void setClaims(Connection connection, Principal principal) throws SQLException {
        String claims = principal.claims() == null ? "{\"role\":\"" + principal.role() + "\"}" : principal.claims().toString();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT set_config('request.jwt.claims', ?, false), set_config('request.jwt.claim.role', ?, false)")) {
            st.setString(1, claims);
            st.setString(2, principal.role());
            st.execute();
        }
    }

    /** A database error as PostgREST reports it: SQLSTATE as code, PostgreSQL's message, detail and hint. */
    static PostgrestError sqlError(SQLException e, Principal principal) {
        String state = e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null && (state == null || state.startsWith("08"))) {
            return PostgrestError.of(503, "PGRST000", "Database connection error. Retrying the connection.",
                    e.getMessage(), null);
        }
        String message = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
        String details = server == null ? null : server.getDetail();
        String hint = server == null ? null : server.getHint();
        return PostgrestError.of(status(state, message, !principal.anonymous()), state, message, details, hint);
    }

    /** Error.pgErrorStatus. */
    static int status(String state, String message, boolean authed) {
        if (state == null || state.length() < 2) {
            return 500;
        }
        String c = state.substring(0, 2);
        switch (state) {
            case "23503", "23505":
                return 409;
            case "25006":
                return 405;
            case "21000":
                return message.endsWith("requires a WHERE clause") ? 400 : 500;
            case "22023":
                return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
            case "53400":
                return 500;
            case "57P01":
                return 503;
            case "P0001":
                return 400;
            case "42883":
                return message.startsWith("function xmlagg(") ? 406 : 404;
            case "42P01":
                return 404;
            case "42P17":
                return 500;
            case "42501":
                return authed ? 403 : 401;
            default:
                break;
        }
        return switch (c) {
            case "08", "53" -> 503;
            case "09", "25", "2D", "38", "39", "3B", "40", "54", "55", "57", "58", "F0", "HV", "P0", "XX" -> 500;
            case "0L", "0P", "28" -> 403;
            default -> 400;
        };
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortConnection("server stopping");
        }
    }
}
