package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgREST-compatible read API over a PostgreSQL database, standing in for Supabase's REST API
 * ({@code /rest/v1}) in tests, in the sample migration and in benchmarks.
 *
 * <pre>{@code
 * try (PostgrestServer server = PostgrestServer.start(PostgrestServer.Config.builder(jdbcUrl)
 *         .apikey("test-key").maxRows(1000).build())) {
 *     String url = server.baseUrl() + "/rest/v1/clients?order=id.asc&limit=1000";
 * }
 * }</pre>
 *
 * Real HTTP on the JDK's built-in server, a fixed pool of worker threads each with its own database
 * connection, and response bodies built by the database with {@code json_agg}, like PostgREST.
 *
 * <p>It behaves like the real thing, PostgREST 12 to 14 ({@link PostgrestVersion}) behind Supabase's
 * gateway, not like an idealised one: PostgREST's query grammar and reserved keys, its SQL (untyped values,
 * errors in PostgreSQL's words), its OpenAPI document, exposed schemas and Accept-Profile, API keys with
 * roles ({@link SupabaseKeys}) and emulated row-level security, exact/planned/estimated counts, a statement
 * timeout (57014), and the gateway's 401s, 414 for long request targets and gzip. See {@link Config} for the
 * defaults, {@link Fault} for what can go wrong on purpose. Reads only: writes answer 405, resource embedding
 * and functions are not served.
 */
public final class PostgrestServer implements AutoCloseable {

    static {
        // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add ~40 ms to keep-alive requests. Read once per JVM, when the JDK server first starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * How to run the server. Defaults are as strict as Supabase's: 1000 rows per response, an 8 s statement
     * timeout (3 s for anon, 8 s for authenticated), 8 KB request targets, gzip, PostgREST 14.
     *
     * @param jdbcUrl          the source database
     * @param user             database user
     * @param password         database password, may be null
     * @param schema           the default exposed schema (the first of {@code exposedSchemas})
     * @param bindAddress      address to listen on ({@code 127.0.0.1})
     * @param port             port to listen on; 0 picks a free one
     * @param apikey           the accepted service-role key (apikey and bearer); null with no other accepted keys
     *                         disables the key check
     * @param maxRows          row cap per response like PostgREST's db-max-rows (Supabase: 1000); 0 = none
     * @param latencyMs        delay before answering every request, to simulate a remote Supabase
     * @param threads          worker threads (requests served at once, each waiting out its latency first)
     * @param faultInjector    consulted for every authorized request
     * @param deniedTables     tables whose SELECT is revoked (42501: 401 for anon, 403 for other roles)
     * @param exposedSchemas   PostgREST's db-schemas; Accept-Profile picks one, the first is the default
     * @param openApiMode      how the root endpoint answers
     * @param postgrestVersion the PostgREST release answered as (error wording, OpenAPI details)
     * @param statementTimeoutMs the sessions' statement_timeout (the authenticator's; Supabase: 8 s); 0 = none
     * @param roleStatementTimeoutsMs statement_timeout of roles that have their own (Supabase: anon 3 s,
     *                         authenticated 8 s); the service role has none and gets {@code statementTimeoutMs}
     * @param maxUriBytes      longest request target (path and query) the gateway accepts, else 414; 0 = no limit
     * @param compression      whether the gateway gzips responses of 100 bytes or more for clients that accept it
     * @param compressionLevel the deflate level (1 fastest to 9 smallest)
     * @param acceptedKeys     every accepted apikey and the role it acts as (the service-role apikey included)
     * @param dbPool           database connections, taken by a request after its latency, for its query only, as
     *                         PostgREST's pool (db-pool, 10 by default); 0 = one per worker thread
     */
    public record Config(String jdbcUrl, String user, String password, String schema, String bindAddress, int port,
                         String apikey, int maxRows, long latencyMs, int threads, FaultInjector faultInjector,
                         Set<String> deniedTables, List<String> exposedSchemas, OpenApiMode openApiMode,
                         PostgrestVersion postgrestVersion, long statementTimeoutMs, Map<String, Long> roleStatementTimeoutsMs,
                         int maxUriBytes, boolean compression, int compressionLevel, Map<String, String> acceptedKeys,
                         int dbPool) {

        public Config {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            exposedSchemas = exposedSchemas == null || exposedSchemas.isEmpty()
                    ? List.of(schema == null ? "public" : schema) : List.copyOf(exposedSchemas);
            schema = exposedSchemas.get(0);
            bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
            faultInjector = faultInjector == null ? FaultInjector.NONE : faultInjector;
            deniedTables = deniedTables == null ? Set.of() : Set.copyOf(deniedTables);
            openApiMode = openApiMode == null ? OpenApiMode.ENABLED : openApiMode;
            postgrestVersion = postgrestVersion == null ? PostgrestVersion.V14 : postgrestVersion;
            roleStatementTimeoutsMs = roleStatementTimeoutsMs == null ? Map.of() : Map.copyOf(roleStatementTimeoutsMs);
            Map<String, String> keys = new LinkedHashMap<>();
            if (apikey != null) {
                keys.put(apikey, SupabaseKeys.role(apikey));
            }
            if (acceptedKeys != null) {
                acceptedKeys.forEach(keys::putIfAbsent);
            }
            acceptedKeys = Collections.unmodifiableMap(keys);
            dbPool = dbPool <= 0 ? threads : dbPool;
            if (threads < 1 || port < 0 || maxRows < 0 || latencyMs < 0 || statementTimeoutMs < 0 || maxUriBytes < 0
                    || compressionLevel < 0 || compressionLevel > 9) {
                throw new IllegalArgumentException("threads >= 1, port/maxRows/latencyMs/statementTimeoutMs/maxUriBytes >= 0,"
                        + " compressionLevel in 0..9 required");
            }
        }

        /** The configuration before the Supabase-realism options, with their defaults. */
        public Config(String jdbcUrl, String user, String password, String schema, String bindAddress, int port,
                      String apikey, int maxRows, long latencyMs, int threads, FaultInjector faultInjector,
                      Set<String> deniedTables) {
            this(jdbcUrl, user, password, schema, bindAddress, port, apikey, maxRows, latencyMs, threads, faultInjector,
                    deniedTables, null, null, null, Builder.DEFAULT_STATEMENT_TIMEOUT_MS, Builder.DEFAULT_ROLE_TIMEOUTS,
                    Builder.DEFAULT_MAX_URI_BYTES, true, Builder.DEFAULT_COMPRESSION_LEVEL, null, 0);
        }

        /**
         * Defaults: user postgres, schema public, 127.0.0.1, ephemeral port, no key check, 1000 rows, 8 threads,
         * PostgREST 14, OpenAPI enabled, statement timeout 8 s (anon 3 s, authenticated 8 s), 8192-byte request
         * targets, gzip at level 1.
         */
        public static Builder builder(String jdbcUrl) {
            return new Builder(jdbcUrl);
        }

        public static final class Builder {
            /** Supabase's authenticator statement_timeout. */
            public static final long DEFAULT_STATEMENT_TIMEOUT_MS = 8000;
            /** Supabase's per-role statement timeouts. */
            public static final Map<String, Long> DEFAULT_ROLE_TIMEOUTS = Map.of("anon", 3000L, "authenticated", 8000L);
            public static final int DEFAULT_MAX_URI_BYTES = 8192;
            public static final int DEFAULT_COMPRESSION_LEVEL = 1;

            private final String jdbcUrl;
            private String user = "postgres";
            private String password;
            private String schema = "public";
            private String bindAddress = "127.0.0.1";
            private int port;
            private String apikey;
            private int maxRows = 1000;
            private long latencyMs;
            private int threads = 8;
            private int dbPool;
            private FaultInjector faultInjector = FaultInjector.NONE;
            private final Set<String> deniedTables = new HashSet<>();
            private List<String> exposedSchemas;
            private OpenApiMode openApiMode = OpenApiMode.ENABLED;
            private PostgrestVersion postgrestVersion = PostgrestVersion.V14;
            private long statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS;
            private final Map<String, Long> roleStatementTimeoutsMs = new LinkedHashMap<>(DEFAULT_ROLE_TIMEOUTS);
            private int maxUriBytes = DEFAULT_MAX_URI_BYTES;
            private boolean compression = true;
            private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
            private final Map<String, String> acceptedKeys = new LinkedHashMap<>();

            private Builder(String jdbcUrl) {
                this.jdbcUrl = jdbcUrl;
            }

            public Builder user(String user) {
                this.user = user;
                return this;
            }

            public Builder password(String password) {
                this.password = password;
                return this;
            }

            /** The exposed schema (when {@link #exposedSchemas} is not given). */
            public Builder schema(String schema) {
                this.schema = schema;
                return this;
            }

            public Builder bindAddress(String bindAddress) {
                this.bindAddress = bindAddress;
                return this;
            }

            public Builder port(int port) {
                this.port = port;
                return this;
            }

            /** The service-role key (a JWT's role claim decides, an sb_secret_ or plain string is service_role). */
            public Builder apikey(String apikey) {
                this.apikey = apikey;
                return this;
            }

            /** Another accepted project key; its role is read from it ({@link SupabaseKeys#role}). */
            public Builder acceptKey(String key) {
                return acceptKey(key, SupabaseKeys.role(key));
            }

            /** Another accepted project key acting as {@code role}. */
            public Builder acceptKey(String key, String role) {
                this.acceptedKeys.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(role, "role"));
                return this;
            }

            public Builder maxRows(int maxRows) {
                this.maxRows = maxRows;
                return this;
            }

            public Builder latencyMs(long latencyMs) {
                this.latencyMs = latencyMs;
                return this;
            }

            /** Database connections, held by a request for its query only (PostgREST's db-pool); 0 = one per thread. */
            public Builder dbPool(int dbPool) {
                this.dbPool = dbPool;
                return this;
            }

            public Builder threads(int threads) {
                this.threads = threads;
                return this;
            }

            public Builder faultInjector(FaultInjector faultInjector) {
                this.faultInjector = faultInjector;
                return this;
            }

            /** Revokes SELECT on a table from every role (42501 on reads; still listed in the OpenAPI document). */
            public Builder denyTable(String table) {
                this.deniedTables.add(table);
                return this;
            }

            /** PostgREST's db-schemas: the first is the default, Accept-Profile picks another. */
            public Builder exposedSchemas(List<String> exposedSchemas) {
                this.exposedSchemas = List.copyOf(exposedSchemas);
                return this;
            }

            public Builder openApiMode(OpenApiMode openApiMode) {
                this.openApiMode = Objects.requireNonNull(openApiMode, "openApiMode");
                return this;
            }

            public Builder postgrestVersion(PostgrestVersion postgrestVersion) {
                this.postgrestVersion = Objects.requireNonNull(postgrestVersion, "postgrestVersion");
                return this;
            }

            /** The authenticator's statement_timeout, which the service role inherits; 0 = none. */
            public Builder statementTimeoutMs(long statementTimeoutMs) {
                this.statementTimeoutMs = statementTimeoutMs;
                return this;
            }

            /** A role's own statement_timeout (applied per request, as PostgREST applies role settings). */
            public Builder roleStatementTimeoutMs(String role, long timeoutMs) {
                this.roleStatementTimeoutsMs.put(role, timeoutMs);
                return this;
            }

            /** The gateway's request-target limit; longer requests get 414. 0 = no limit. */
            public Builder maxUriBytes(int maxUriBytes) {
                this.maxUriBytes = maxUriBytes;
                return this;
            }

            /** Whether the gateway gzips responses for clients sending {@code Accept-Encoding: gzip}. */
            public Builder compression(boolean compression) {
                this.compression = compression;
                return this;
            }

            public Builder compressionLevel(int compressionLevel) {
                this.compressionLevel = compressionLevel;
                return this;
            }

            public Config build() {
                return new Config(jdbcUrl, user, password, schema, bindAddress, port, apikey, maxRows, latencyMs,
                        threads, faultInjector, deniedTables, exposedSchemas, openApiMode, postgrestVersion,
                        statementTimeoutMs, roleStatementTimeoutsMs, maxUriBytes, compression, compressionLevel, acceptedKeys,
                        dbPool);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ConnectionPool pool;
    private final RestHandler handler;
    private final String baseUrl;
    private volatile boolean closed;

    private PostgrestServer(HttpServer server, ExecutorService workers, ConnectionPool pool, RestHandler handler,
                            String baseUrl) {
        this.server = server;
        this.workers = workers;
        this.pool = pool;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    /**
     * Connects to the database, reads the schema and starts listening.
     *
     * @throws IllegalStateException when the database cannot be reached
     * @throws UncheckedIOException  when the port cannot be bound
     */
    public static PostgrestServer start(Config config) {
        ConnectionPool pool = null;
        ExecutorService workers = null;
        HttpServer server = null;
        try {
            pool = new ConnectionPool(config.jdbcUrl(), config.user(), config.password(), config.dbPool(),
                    config.statementTimeoutMs());
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 128);
            int port = server.getAddress().getPort();
            String hostPort = config.bindAddress() + ":" + port;
            RestHandler handler = new RestHandler(config, pool, hostPort);
            workers = Executors.newFixedThreadPool(config.threads(), daemonThreads());
            server.setExecutor(workers);
            server.createContext("/", handler);
            server.start();
            return new PostgrestServer(server, workers, pool, handler, "http://" + hostPort);
        } catch (IOException | SQLException | RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            if (pool != null) {
                pool.close();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port(), io);
            }
            if (e instanceof SQLException sql) {
                throw new IllegalStateException("cannot read the source database " + config.jdbcUrl() + ": " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}; the API is under {@code /rest/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Hands every request, once answered (or dropped), to {@code observer}, from the worker thread that served
     * it (so it must be thread-safe and quick), just after the response went out: a client may hold its answer a
     * moment before the observer sees it. Null stops. For tests that check what a client asked for and
     * got: headers, gzip, request-target lengths, how long pages took.
     */
    public void observe(java.util.function.Consumer<Served> observer) {
        handler.observe(observer);
    }

    /** Starts recording every request from now on (replacing any observer) and returns the record. */
    public ServedLog record() {
        ServedLog log = new ServedLog();
        observe(log);
        return log;
    }

    /** Re-reads every exposed schema, like PostgREST's {@code NOTIFY pgrst, 'reload schema'}. */
    public void reloadSchemaCache() {
        try {
            handler.reloadSchemaCache();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reload the schema cache", e);
        }
    }

    /** Stops at once: open exchanges are dropped, stalled requests interrupted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        workers.shutdownNow();
        pool.close();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "postgrest-worker-" + count.incrementAndGet());
            thread.setDaemon(true); // a test that forgets close() must not hang the JVM
            return thread;
        };
    }

    /**
     * Runs until killed. Flags: --jdbc-url (required), --user, --password, --schema, --port, --apikey,
     * --accept-key (repeatable), --max-rows, --latency-ms, --threads, --db-pool, --fault-rate, --fault-seed, --fault-kinds
     * (classic, all or a comma-separated list), --stall-seconds, --deny-table (repeatable), --statement-timeout-ms,
     * --max-uri-bytes, --no-compression (no value), --compression-level, --openapi-mode (enabled, secret-keys-only,
     * disabled-v12, disabled-v13), --exposed-schemas (comma-separated), --postgrest-version (12, 13, 14.0, 14).
     */
    public static void main(String[] args) throws InterruptedException {
        useJbossLogManagerIfPresent();
        double faultRate = 0;
        long faultSeed = 42;
        long stallSeconds = Fault.DEFAULT_STALL.toSeconds();
        Set<Fault.Kind> faultKinds = Fault.classic();
        Map<String, String> flags = new LinkedHashMap<>();
        Set<String> denied = new HashSet<>();
        List<String> acceptKeys = new java.util.ArrayList<>();
        boolean compression = true;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--no-compression")) {
                compression = false;
                continue;
            }
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                usage("expected --flag value, got " + flag);
            }
            String value = args[++i];
            if (flag.equals("--deny-table")) {
                denied.add(value);
            } else if (flag.equals("--accept-key")) {
                acceptKeys.add(value);
            } else {
                flags.put(flag, value);
            }
        }
        String jdbcUrl = flags.remove("--jdbc-url");
        if (jdbcUrl == null) {
            usage("--jdbc-url is required");
        }
        Config.Builder builder = Config.builder(jdbcUrl).compression(compression);
        denied.forEach(builder::denyTable);
        acceptKeys.forEach(builder::acceptKey);
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String value = flag.getValue();
            switch (flag.getKey()) {
                case "--user" -> builder.user(value);
                case "--password" -> builder.password(value);
                case "--schema" -> builder.schema(value);
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--apikey" -> builder.apikey(value);
                case "--max-rows" -> builder.maxRows(Integer.parseInt(value));
                case "--latency-ms" -> builder.latencyMs(Long.parseLong(value));
                case "--threads" -> builder.threads(Integer.parseInt(value));
                case "--db-pool" -> builder.dbPool(Integer.parseInt(value));
                case "--fault-rate" -> faultRate = Double.parseDouble(value);
                case "--fault-seed" -> faultSeed = Long.parseLong(value);
                case "--stall-seconds" -> stallSeconds = Long.parseLong(value);
                case "--fault-kinds" -> faultKinds = faultKinds(value);
                case "--statement-timeout-ms" -> builder.statementTimeoutMs(Long.parseLong(value));
                case "--max-uri-bytes" -> builder.maxUriBytes(Integer.parseInt(value));
                case "--compression-level" -> builder.compressionLevel(Integer.parseInt(value));
                case "--openapi-mode" -> builder.openApiMode(OpenApiMode.valueOf(value.toUpperCase(java.util.Locale.ROOT)
                        .replace('-', '_')));
                case "--exposed-schemas" -> builder.exposedSchemas(List.of(value.split(",")));
                case "--postgrest-version" -> builder.postgrestVersion(switch (value) {
                    case "12" -> PostgrestVersion.V12;
                    case "13" -> PostgrestVersion.V13;
                    case "14.0" -> PostgrestVersion.V14_0;
                    case "14" -> PostgrestVersion.V14;
                    default -> throw new IllegalArgumentException("--postgrest-version is 12, 13, 14.0 or 14: " + value);
                });
                default -> usage("unknown flag " + flag.getKey());
            }
        }
        if (faultRate > 0) {
            builder.faultInjector(new RandomFaultInjector(faultRate, faultSeed, faultKinds,
                    Duration.ofSeconds(stallSeconds), false));
        }
        PostgrestServer server = start(builder.build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgrest-shutdown"));
        System.out.println("PostgREST-compatible source listening on " + server.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * The test classpath carries Quarkus' JBoss LogManager; unless it is installed before the JDK server's
     * first logger lookup, that lookup prints an error about the LogManager at start-up.
     */
    private static void useJbossLogManagerIfPresent() {
        String manager = "org.jboss.logmanager.LogManager";
        if (System.getProperty("java.util.logging.manager") != null) {
            return;
        }
        try {
            Class.forName(manager, false, PostgrestServer.class.getClassLoader());
            System.setProperty("java.util.logging.manager", manager);
        } catch (ClassNotFoundException absent) {
            // plain JDK logging then
        }
    }

    private static Set<Fault.Kind> faultKinds(String value) {
        if (value.equals("classic")) {
            return Fault.classic();
        }
        if (value.equals("all")) {
            return Fault.withoutRedirects();
        }
        Set<Fault.Kind> kinds = EnumSet.noneOf(Fault.Kind.class);
        for (String kind : value.split(",")) {
            kinds.add(Fault.Kind.valueOf(kind.strip().toUpperCase(java.util.Locale.ROOT)));
        }
        return kinds;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: PostgrestServer --jdbc-url URL [--user U] [--password P] [--schema S] [--port N]"
                + " [--apikey KEY] [--max-rows N] [--latency-ms N] [--threads N] [--db-pool N] [--fault-rate R] [--fault-seed N]"
                + " [--fault-kinds classic|all|K,K] [--stall-seconds N] [--deny-table T]... [--accept-key KEY]..."
                + " [--statement-timeout-ms N] [--max-uri-bytes N] [--no-compression] [--compression-level N]"
                + " [--openapi-mode enabled|secret-keys-only|disabled-v12|disabled-v13] [--exposed-schemas S,S]"
                + " [--postgrest-version 12|13|14.0|14]");
        System.exit(2);
    }
}
