package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
     * How to run the server.
     *
     * @param jdbcUrl        the source database
     * @param user           database user
     * @param password       database password, may be null
     * @param schema         the exposed schema ({@code public})
     * @param bindAddress    address to listen on ({@code 127.0.0.1})
     * @param port           port to listen on; 0 picks a free one
     * @param apikey         the accepted {@code apikey} (and bearer token); null disables the key check
     * @param maxRows        row cap per response like PostgREST's db-max-rows (Supabase: 1000); 0 = none
     * @param latencyMs      delay before answering every request, to simulate a remote Supabase
     * @param threads        worker threads, and database connections
     * @param faultInjector  consulted for every authorized request
     * @param deniedTables   tables the key may not read (answered 401, SQLSTATE 42501)
     */
    public record Config(String jdbcUrl, String user, String password, String schema, String bindAddress, int port,
                         String apikey, int maxRows, long latencyMs, int threads, FaultInjector faultInjector,
                         Set<String> deniedTables) {

        public Config {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            schema = schema == null ? "public" : schema;
            bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
            faultInjector = faultInjector == null ? FaultInjector.NONE : faultInjector;
            deniedTables = deniedTables == null ? Set.of() : Set.copyOf(deniedTables);
            if (threads < 1 || port < 0 || maxRows < 0 || latencyMs < 0) {
                throw new IllegalArgumentException("threads >= 1, port/maxRows/latencyMs >= 0 required");
            }
        }

        /** Defaults: user postgres, schema public, 127.0.0.1, ephemeral port, no key check, 1000 rows, 8 threads. */
        public static Builder builder(String jdbcUrl) {
            return new Builder(jdbcUrl);
        }

        public static final class Builder {
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
            private FaultInjector faultInjector = FaultInjector.NONE;
            private final Set<String> deniedTables = new HashSet<>();

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

            public Builder apikey(String apikey) {
                this.apikey = apikey;
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

            public Builder threads(int threads) {
                this.threads = threads;
                return this;
            }

            public Builder faultInjector(FaultInjector faultInjector) {
                this.faultInjector = faultInjector;
                return this;
            }

            public Builder denyTable(String table) {
                this.deniedTables.add(table);
                return this;
            }

            public Config build() {
                return new Config(jdbcUrl, user, password, schema, bindAddress, port, apikey, maxRows, latencyMs,
                        threads, faultInjector, deniedTables);
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
            pool = new ConnectionPool(config.jdbcUrl(), config.user(), config.password(), config.threads());
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

    /** Re-reads tables and columns, like PostgREST's {@code NOTIFY pgrst, 'reload schema'}. */
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
     * --max-rows, --latency-ms, --threads, --fault-rate, --fault-seed, --stall-seconds, --deny-table (repeatable).
     */
    public static void main(String[] args) throws InterruptedException {
        useJbossLogManagerIfPresent();
        double faultRate = 0;
        long faultSeed = 42;
        long stallSeconds = Fault.DEFAULT_STALL.toSeconds();
        Map<String, String> flags = new LinkedHashMap<>();
        Set<String> denied = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                usage("expected --flag value, got " + flag);
            }
            String value = args[++i];
            if (flag.equals("--deny-table")) {
                denied.add(value);
            } else {
                flags.put(flag, value);
            }
        }
        String jdbcUrl = flags.remove("--jdbc-url");
        if (jdbcUrl == null) {
            usage("--jdbc-url is required");
        }
        Config.Builder builder = Config.builder(jdbcUrl);
        denied.forEach(builder::denyTable);
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
                case "--fault-rate" -> faultRate = Double.parseDouble(value);
                case "--fault-seed" -> faultSeed = Long.parseLong(value);
                case "--stall-seconds" -> stallSeconds = Long.parseLong(value);
                default -> usage("unknown flag " + flag.getKey());
            }
        }
        if (faultRate > 0) {
            builder.faultInjector(new RandomFaultInjector(faultRate, faultSeed, EnumSet.allOf(Fault.Kind.class),
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

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: PostgrestServer --jdbc-url URL [--user U] [--password P] [--schema S] [--port N]"
                + " [--apikey KEY] [--max-rows N] [--latency-ms N] [--threads N] [--fault-rate R] [--fault-seed N]"
                + " [--stall-seconds N] [--deny-table T]...");
        System.exit(2);
    }
}
