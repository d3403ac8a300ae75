package org.supabasemigrator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of a test's own, to stop, restart and crash while the main server (
 * {@link TestDatabase}) keeps serving: a new cluster in a temporary directory, on a free port of 127.0.0.1,
 * superuser {@code postgres} with trust authentication. {@link #close()} stops it and deletes every file,
 * whatever state it is in; a JVM shutdown hook does the same for servers a test left open, and the next
 * {@link #startNew()} removes those of a JVM that was killed.
 * <p>
 * The server runs from the installed PostgreSQL's binaries ({@code TEST_PG_BINDIR}, else {@code pg_config
 * --bindir}, else the newest {@code /usr/lib/postgresql/<version>/bin}, else {@code PATH}). initdb and
 * postgres refuse to run as root: as root, every command runs as the {@code postgres} user ({@code runuser},
 * else {@code su}), which owns the temporary directory.
 * <p>
 * Durability is real: fsync on, synchronous_commit at its default. {@link #crash()} is an immediate
 * shutdown (no checkpoint, WAL replay at the next start), as a crash or failover looks to clients.
 * Lifecycle methods are thread-safe; {@link #downFor} is meant for a background thread.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    /** The superuser, trusted without a password: TestDatabase's user, {@code postgres} unless TEST_PG_USER. */
    public static final String USER = TestDatabase.USER;
    /** The account that owns and runs the server when this JVM is root, as Debian's packages create it. */
    private static final String OS_USER = "postgres";
    private static final String PREFIX = "throwaway-postgres-";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<ThrowawayPostgres> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(ThrowawayPostgres::close),
                "throwaway-postgres-cleanup"));
    }

    private final Path directory;
    private final Path data;
    private final Path log;
    private final Path commands;
    private volatile int port;
    private boolean closed; // guarded by this

    private ThrowawayPostgres(Path directory) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("server.log");
        this.commands = directory.resolve("commands.log");
    }

    /** Creates a new cluster and starts it; returns once it accepts connections. */
    public static ThrowawayPostgres startNew() {
        Os.binary("initdb"); // fails early, and clearly, without PostgreSQL's binaries
        removeAbandoned();
        ThrowawayPostgres server;
        try {
            server = new ThrowawayPostgres(Files.createTempDirectory(PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a throw-away PostgreSQL server", e);
        }
        OPEN.add(server);
        try {
            server.prepareDirectory();
            server.initdb();
            server.startOnFreePort();
            return server;
        } catch (RuntimeException | Error e) {
            try {
                server.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The server's log, for diagnostics; {@link #logTail(int)} reads its end. */
    public Path logFile() {
        return log;
    }

    /** The temporary directory holding the data directory, the logs and the server's Unix socket. */
    public Path directory() {
        return directory;
    }

    /** The major version, e.g. {@code 15}. */
    public String majorVersion() {
        try {
            return Files.readString(data.resolve("PG_VERSION")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource(); // not DriverManager: works in any class loader
        dataSource.setServerNames(new String[] { HOST });
        dataSource.setPortNumbers(new int[] { port });
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setConnectTimeout(5);
        return dataSource.getConnection();
    }

    /** A uniquely named database on this server, with {@link TestDatabase}'s helpers. */
    public TestDatabase createDatabase(String purpose) {
        return TestDatabase.create(purpose, HOST, port, true);
    }

    /** Runs statements on one of this server's databases, e.g. {@code postgres}. */
    public ThrowawayPostgres execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + jdbcUrl(database) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the postmaster runs (it may still be starting or shutting down). */
    public boolean isRunning() {
        return postmaster(data).isPresent();
    }

    /** Starts the stopped or crashed server on the same port and data; returns once it accepts connections. */
    public synchronized ThrowawayPostgres start() {
        if (closed) {
            throw new IllegalStateException("the throw-away server on port " + port + " is closed");
        }
        if (!isRunning()) {
            Result result = pgCtl("-l", log.toString(), "-t", Long.toString(TIMEOUT.toSeconds()), "start");
            if (!result.ok()) {
                throw failure("did not start", result);
            }
        }
        awaitConnections();
        return this;
    }

    /** Fast shutdown: clients are disconnected, open transactions roll back, a checkpoint is written. */
    public synchronized ThrowawayPostgres stop() {
        shutDown("fast");
        return this;
    }

    /** Immediate shutdown: no checkpoint, so the next start replays the WAL, as after a crash. */
    public synchronized ThrowawayPostgres crash() {
        shutDown("immediate");
        return this;
    }

    /** Fast restart, as for a minor-version upgrade: the server is down well under a second here. */
    public synchronized ThrowawayPostgres restart() {
        return stop().start();
    }

    /** Stops the server (fast), keeps it down for {@code outage}, starts it again; an interrupt ends the outage. */
    public ThrowawayPostgres downFor(Duration outage) {
        stop();
        boolean interrupted = false;
        try {
            Thread.sleep(outage.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            return start();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #downFor} on a thread of its own; the future completes once the server is back. */
    public CompletableFuture<Void> downForInBackground(Duration outage) {
        CompletableFuture<Void> back = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                downFor(outage);
                back.complete(null);
            } catch (Throwable e) {
                back.completeExceptionally(e);
            }
        }, "throwaway-postgres-outage-" + port);
        thread.setDaemon(true);
        thread.start();
        return back;
    }

    /** The last lines of the server's log. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /** Stops the server, whatever its state, and deletes its cluster and files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopImmediately(data);
            deleteRecursively(directory);
        } finally {
            OPEN.remove(this);
        }
    }

    @Override
    public String toString() {
        return "ThrowawayPostgres[" + HOST + ":" + port + ", " + directory + "]";
    }

    private void prepareDirectory() {
        try {
            Files.writeString(directory.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            if (Os.root()) { // initdb and postgres refuse root: the postgres user owns the directory and runs them
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(directory, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + " for a PostgreSQL server owned by "
                    + (Os.root() ? OS_USER : System.getProperty("user.name")), e);
        }
    }

    private void initdb() {
        // --no-sync: the files initdb writes are not flushed to disk; only the machine crashing would lose them
        List<String> initdb = new ArrayList<>(List.of(Os.binary("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--auth=trust", "--encoding=UTF8", "--no-sync"));
        // the main server's locale on Debian; plain C where the system lacks C.UTF-8
        Result result = Os.run(directory, commands, TIMEOUT, with(initdb, "--locale=C.UTF-8"));
        if (!result.ok()) {
            deleteRecursively(data);
            result = Os.run(directory, commands, TIMEOUT, with(initdb, "--no-locale"));
        }
        if (!result.ok()) {
            throw new IllegalStateException("initdb failed for a throw-away PostgreSQL server in " + directory
                    + ":\n" + result.output());
        }
    }

    private void startOnFreePort() {
        for (int attempt = 1;; attempt++) {
            port = freePort();
            configure(); // appended: a later port line overrides an earlier one
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                // another process took the port between the check and the start
                if (attempt == 5 || !tail(log, 20).contains("could not bind")) {
                    throw e;
                }
            }
        }
    }

    private void configure() {
        String settings = String.join("\n", "", "# ThrowawayPostgres",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + directory.toString().replace("'", "''") + "'",
                "max_connections = 100",
                "shared_buffers = 16MB",
                "fsync = on", // the default, as synchronous_commit: crash tests need real durability
                "log_line_prefix = '%m [%p] %q%u@%d '",
                "");
        try {
            Files.writeString(data.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void shutDown(String mode) {
        if (isRunning()) {
            Result result = pgCtl("-m", mode, "-t", Long.toString(TIMEOUT.toSeconds()), "stop");
            if (!result.ok() && isRunning()) {
                throw failure("did not stop (-m " + mode + ")", result);
            }
        }
    }

    private Result pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Os.binary("pg_ctl").toString(), "-D", data.toString(), "-w"));
        command.addAll(List.of(arguments));
        return Os.run(directory, commands, TIMEOUT.plusSeconds(10), command);
    }

    private void awaitConnections() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline && isRunning()) {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(50);
        }
        throw failure((isRunning() ? "does not accept connections" : "stopped while starting")
                + (last == null ? "" : " (" + last.getMessage() + ")"), null);
    }

    private IllegalStateException failure(String what, Result result) {
        return new IllegalStateException("throw-away PostgreSQL server on " + HOST + ":" + port + " " + what
                + (result == null ? "" : "\npg_ctl said:\n" + result.output()) + "\nlast lines of " + log + ":\n"
                + tail(log, 30));
    }

    /** Immediate shutdown through pg_ctl, the postmaster and its children killed if that fails. */
    private static void stopImmediately(Path data) {
        Optional<ProcessHandle> postmaster = postmaster(data);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        Os.run(data.getParent(), data.resolveSibling("commands.log"), TIMEOUT, List.of(Os.binary("pg_ctl").toString(),
                "-D", data.toString(), "-w", "-t", "30", "-m", "immediate", "stop"));
        if (running(process)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (running(process) && System.nanoTime() < deadline) {
                sleep(10);
            }
        }
    }

    /**
     * Alive and not a zombie: the postmaster is no child of this JVM, and some init processes (containers)
     * reap orphans only every second or so.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "stat")).get(0);
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) { // gone meanwhile, or no /proc
            return process.isAlive();
        }
    }

    private static Optional<ProcessHandle> postmaster(Path data) {
        try {
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ThrowawayPostgres::running);
        } catch (IOException | RuntimeException e) { // no pid file: stopped, or still being written
            return Optional.empty();
        }
    }

    /** Servers of JVMs that ended without their shutdown hook (kill -9): stopped and deleted. */
    private static void removeAbandoned() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(temp, PREFIX + "*")) {
            for (Path directory : directories) {
                try {
                    long owner = Long.parseLong(Files.readString(directory.resolve("owner.pid")).trim());
                    if (ProcessHandle.of(owner).filter(ThrowawayPostgres::running).isPresent()) {
                        continue;
                    }
                    stopImmediately(directory.resolve("data"));
                    deleteRecursively(directory);
                } catch (IOException | RuntimeException e) {
                    // another user's, or being created: not ours to remove
                }
            }
        } catch (IOException e) {
            // nothing to clean up
        }
    }

    private static int freePort() {
        // below the ephemeral range, so no client connection takes the port while the server is down
        int ephemeralLow = 32768;
        try {
            // readAllLines: Files.readString reads only "3" of this file (JDK 17)
            ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the usual range
        }
        int low = Math.max(1024, ephemeralLow - 12000);
        for (int i = 0; i < 100 && low < ephemeralLow; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(low, ephemeralLow);
            if (OPEN.stream().noneMatch(server -> server.port == candidate) && bindable(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> with(List<String> command, String argument) {
        List<String> result = new ArrayList<>(command);
        result.add(argument);
        return result;
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The PostgreSQL binaries and how to run them: as the postgres user when this JVM is root. */
    private static final class Os {

        private static Boolean root; // guarded by Os.class
        private static Path bin;
        private static List<String> asPostgres;

        static synchronized boolean root() {
            if (root == null) {
                root = isRoot();
            }
            return root;
        }

        static synchronized Path binary(String name) {
            if (bin == null) {
                bin = binDirectory();
            }
            return bin.resolve(name);
        }

        /** runuser or su as root, nothing otherwise; the last element of su's is its {@code -c}. */
        private static synchronized List<String> asPostgres() {
            if (asPostgres == null) {
                asPostgres = root() ? findRunuserOrSu() : List.of();
            }
            return asPostgres;
        }

        /** Runs a command as the cluster's owner, its output appended to {@code output}. */
        static Result run(Path directory, Path output, Duration timeout, List<String> command) {
            List<String> full = new ArrayList<>(asPostgres());
            if (full.contains("-c")) { // su: one shell command line
                full.add(String.join(" ", command.stream().map(Os::quote).toList()));
            } else {
                full.addAll(command);
            }
            ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            try {
                long before = Files.exists(output) ? Files.size(output) : 0;
                Process process = builder.start();
                boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    process.destroyForcibly();
                }
                byte[] all = Files.readAllBytes(output);
                int from = (int) Math.min(before, all.length);
                String text = "$ " + String.join(" ", full) + "\n"
                        + new String(all, from, all.length - from, StandardCharsets.UTF_8)
                        + (done ? "" : "(timed out after " + timeout.toSeconds() + " s)");
                return new Result(done ? process.exitValue() : -1, text);
            } catch (IOException e) {
                return new Result(-1, "cannot run " + full + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(-1, "interrupted running " + full);
            }
        }

        private static boolean isRoot() {
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | RuntimeException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }

        private static List<String> findRunuserOrSu() {
            Optional<Path> runuser = executable("runuser", "/usr/sbin", "/sbin");
            if (runuser.isPresent()) {
                return List.of(runuser.get().toString(), "-u", OS_USER, "--");
            }
            Path su = executable("su", "/usr/bin", "/bin").orElseThrow(() -> new IllegalStateException(
                    "running as root, but neither runuser nor su is there to run PostgreSQL as " + OS_USER));
            return List.of(su.toString(), "-s", "/bin/sh", OS_USER, "-c");
        }

        private static Path binDirectory() {
            String configured = System.getenv("TEST_PG_BINDIR");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Optional<Path> pgConfig = executable("pg_config").flatMap(Os::pgConfigBinDir);
            if (pgConfig.isPresent()) {
                return pgConfig.get();
            }
            Path debian = Path.of("/usr/lib/postgresql"); // Debian and Ubuntu: one directory per major version
            if (Files.isDirectory(debian)) {
                try (Stream<Path> versions = Files.list(debian)) {
                    Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                            .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                            .max(Comparator.comparingDouble(Os::version));
                    if (newest.isPresent()) {
                        return newest.get();
                    }
                } catch (IOException e) {
                    // fall through to PATH
                }
            }
            return executable("initdb").map(Path::getParent).orElseThrow(() -> new IllegalStateException(
                    "no PostgreSQL server binaries (initdb, pg_ctl) found: install the postgresql package or set"
                            + " TEST_PG_BINDIR"));
        }

        /** Debian's pg_config (postgresql-common) names the newest server's; libpq-dev's alone names /usr/bin. */
        private static Optional<Path> pgConfigBinDir(Path pgConfig) {
            try {
                Process process = new ProcessBuilder(pgConfig.toString(), "--bindir").redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    Path bin = Path.of(output);
                    return Files.isExecutable(bin.resolve("initdb")) ? Optional.of(bin) : Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                // not usable
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        private static double version(Path bin) {
            try {
                return Double.parseDouble(bin.getParent().getFileName().toString());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static Optional<Path> executable(String name, String... directories) {
            List<String> search = new ArrayList<>(List.of(directories));
            search.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
            return search.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
                    .filter(Files::isExecutable).findFirst();
        }

        private static String quote(String argument) {
            return "'" + argument.replace("'", "'\\''") + "'";
        }
    }
}
