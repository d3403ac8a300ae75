package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.supabasemigrator.testsupport.postgrest.FaultResponder.AbortConnection;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Table;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves {@code /rest/v1}: the OpenAPI document at the root and one read endpoint per table or view.
 * Order of checks, as on Supabase: gateway route, API key, PostgREST path and method, then the read
 * (query string parse, table lookup, column check, permission, SQL). Latency is added before anything,
 * faults are injected after the key check. Nothing is logged per request.
 */
final class RestHandler implements HttpHandler {

    static final String PREFIX = "/rest/v1";

    /** SQLSTATE classes PostgREST answers with 500; everything else it does not special-case is a 400. */
    private static final Set<String> SERVER_ERROR_CLASSES = Set.of("09", "0L", "0P", "25", "2D", "38", "39", "3B",
            "40", "54", "55", "57", "58", "F0", "HV", "P0", "XX");

    private final PostgrestServer.Config config;
    private final ConnectionPool pool;
    private final ApiKeyAuth auth;
    private final String host;
    private final AtomicLong sequence = new AtomicLong();
    private volatile SchemaCache cache;

    RestHandler(PostgrestServer.Config config, ConnectionPool pool, String host) throws SQLException {
        this.config = config;
        this.pool = pool;
        this.auth = new ApiKeyAuth(config.apikey(), config.deniedTables());
        this.host = host;
        reloadSchemaCache();
    }

    void reloadSchemaCache() throws SQLException {
        cache = pool.withConnection(c -> SchemaCache.load(c, config.schema()));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long number = sequence.incrementAndGet();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        Fault fault = null;
        RestResponse response;
        try {
            pause(Duration.ofMillis(config.latencyMs()));
            String path = exchange.getRequestURI().getRawPath();
            if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
                throw PostgrestError.gateway(404, "no Route matched with those values", null);
            }
            String rawQuery = exchange.getRequestURI().getRawQuery();
            List<Map.Entry<String, String>> params = RequestParser.queryParams(rawQuery);
            auth.check(exchange.getRequestHeaders(), params);
            String rest = path.length() <= PREFIX.length() + 1 ? "" : path.substring(PREFIX.length() + 1);
            if (rest.contains("/")) {
                throw PostgrestError.of(404, "PGRST125", "Invalid path specified in request URL", null, null);
            }
            String table = rest.isEmpty() ? null : URLDecoder.decode(rest, StandardCharsets.UTF_8);

            fault = config.faultInjector().next(new RequestInfo(number, exchange.getRequestMethod(), table, rawQuery))
                    .orElse(null);
            if (fault != null && FaultResponder.replacesResponse(fault)) {
                FaultResponder.respondInstead(exchange, fault, head);
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.STALL) {
                pause(fault.stall());
            }
            if (!head && !exchange.getRequestMethod().equals("GET")) {
                throw PostgrestError.of(405, "PGRST117", "Unsupported HTTP method: " + exchange.getRequestMethod(), null, null);
            }
            response = table == null ? openApi() : read(table, params, exchange);
        } catch (PostgrestError e) {
            response = e.toResponse();
        } catch (SQLException e) {
            response = sqlError(e).toResponse();
        } catch (AbortConnection e) {
            throw e;
        } catch (IOException e) {
            throw new AbortConnection("client went away: " + e);
        } catch (RuntimeException e) {
            response = PostgrestError.of(500, "PGRST000", "PostgREST stand-in failed: " + e, null, null).toResponse();
        }

        try {
            if (fault != null && (fault.kind() == Fault.Kind.TRUNCATED_BODY || fault.kind() == Fault.Kind.MALFORMED_JSON)) {
                FaultResponder.respondCorrupted(exchange, fault, response, head);
            } else {
                response.send(exchange, head);
            }
        } catch (IOException e) {
            throw new AbortConnection("client went away: " + e);
        }
    }

    /** The OpenAPI document. It re-reads the catalog, so tables created after start-up show up in it. */
    private RestResponse openApi() throws SQLException {
        reloadSchemaCache();
        return RestResponse.of(200, "application/openapi+json; charset=utf-8", OpenApiDocument.render(cache, host));
    }

    private RestResponse read(String tableName, List<Map.Entry<String, String>> params, HttpExchange exchange)
            throws SQLException {
        ReadRequest request = RequestParser.parse(params, exchange.getRequestHeaders());
        Table table = table(tableName);
        Long limit = request.limit();
        if (config.maxRows() > 0) {
            // db-max-rows caps whatever was asked for, as PostgREST does.
            limit = limit == null ? config.maxRows() : Math.min(limit, config.maxRows());
        }
        ReadQuery query = query(table, request, limit);
        auth.checkTable(table.name());
        return pool.withConnection(connection -> {
            ReadQuery.Page page = query.fetch(connection);
            Long total = page.total();
            long offset = request.offset();
            if (page.rows() == 0 && offset > 0) {
                // An empty page past the start: count, to tell "past the end" (416) from "exactly at the end".
                long known = total != null ? total : query.count(connection);
                if (offset > known && (total != null || known > 0)) {
                    throw PostgrestError.of(416, "PGRST103", "Requested range not satisfiable",
                            "An offset of " + offset + " was requested, but there are only " + known + " rows.", null)
                            .withHeader("Content-Range", "*/" + known);
                }
            }
            String range = page.rows() > 0 ? offset + "-" + (offset + page.rows() - 1) : "*";
            // With a count, PostgREST answers 206 whenever the page is not the whole result set.
            int status = total != null && page.rows() < total ? 206 : 200;
            return RestResponse.json(status, page.body())
                    .withHeader("Content-Range", range + "/" + (total == null ? "*" : total.toString()));
        });
    }

    /** The table, re-reading the catalog once on a miss (it may have been created after start-up). */
    private Table table(String name) throws SQLException {
        Table table = cache.table(name);
        if (table == null) {
            reloadSchemaCache();
            table = cache.table(name);
        }
        if (table == null) {
            throw PostgrestError.of(404, "PGRST205",
                    "Could not find the table '" + config.schema() + "." + name + "' in the schema cache", null, null);
        }
        return table;
    }

    /** Builds the query, re-reading the catalog once if a column is unknown (it may have been added since). */
    private ReadQuery query(Table table, ReadRequest request, Long limit) throws SQLException {
        try {
            return new ReadQuery(table, request, limit);
        } catch (PostgrestError e) {
            if (!"42703".equals(e.code())) {
                throw e;
            }
            reloadSchemaCache();
            Table fresh = cache.table(table.name());
            if (fresh == null) {
                throw e;
            }
            return new ReadQuery(fresh, request, limit);
        }
    }

    /** A database error as PostgREST reports it: SQLSTATE as code, PostgreSQL's message, detail and hint. */
    static PostgrestError sqlError(SQLException e) {
        String state = e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
        String details = server == null ? null : server.getDetail();
        String hint = server == null ? null : server.getHint();
        int status;
        if (state == null) {
            status = 500;
        } else if (state.startsWith("08") || state.startsWith("53")) {
            status = 503;
        } else if (state.equals("42501")) {
            status = 401;
        } else if (state.equals("42P01")) {
            status = 404;
        } else if (state.equals("P0001")) {
            status = 400;
        } else {
            status = SERVER_ERROR_CLASSES.contains(state.substring(0, 2)) ? 500 : 400;
        }
        return PostgrestError.of(status, state == null ? "PGRST000" : state, message, details, hint);
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
