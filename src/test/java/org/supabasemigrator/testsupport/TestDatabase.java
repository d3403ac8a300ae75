package org.supabasemigrator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A uniquely named database on the local PostgreSQL server (127.0.0.1:5432, user postgres, or the
 * TEST_PG_* environment variables), created for one test and dropped afterwards; or on a server of a test's
 * own ({@link ThrowawayPostgres#createDatabase}).
 */
public final class TestDatabase implements AutoCloseable {

    public static final String HOST = env("TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = env("TEST_PG_PORT", "5432");
    public static final String USER = env("TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("TEST_PG_PASSWORD", "");

    private final String name;
    private final String host;
    private final int port;
    /** On a throw-away server: a drop that cannot reach it is no failure, the server takes the database along. */
    private final boolean throwawayServer;

    private TestDatabase(String name, String host, int port, boolean throwawayServer) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.throwawayServer = throwawayServer;
    }

    private TestDatabase(String name) {
        this(name, HOST, Integer.parseInt(PORT), false);
    }

    public static TestDatabase create(String purpose) {
        return create(purpose, HOST, Integer.parseInt(PORT), false);
    }

    /** {@link #create(String)} on another server: {@link ThrowawayPostgres#createDatabase}. */
    static TestDatabase create(String purpose, String host, int port, boolean throwawayServer) {
        String name = "mig_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        admin(host, port, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        return new TestDatabase(name, host, port, throwawayServer);
    }

    /** A database with a fixed name, dropped first if it exists: for tools whose result a person inspects. */
    public static TestDatabase recreate(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return connect(host, port, name);
    }

    private static Connection connect(String host, int port, String database) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource(); // not DriverManager: works in any class loader
        dataSource.setServerNames(new String[] { host });
        dataSource.setPortNumbers(new int[] { port });
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource.getConnection();
    }

    /** Runs a script from the test class path, e.g. {@code botdb/schema.sql}. */
    public TestDatabase run(String resource) {
        try (InputStream in = TestDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestDatabase execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query, each row's columns as text. */
    public List<List<String>> rows(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + name + ": " + e.getMessage(), e);
        }
    }

    public long count(String sql) {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    /** Drops a database under its users' feet, as an outage would take it away. */
    public static void dropNow(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    @Override
    public void close() {
        try {
            admin(host, port, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IllegalStateException e) {
            if (!throwawayServer) {
                throw e;
            }
        }
    }

    private static void admin(String sql) {
        admin(HOST, Integer.parseInt(PORT), sql);
    }

    private static void admin(String host, int port, String sql) {
        try (Connection connection = connect(host, port, "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test server at " + host + ":" + port
                    + " (is PostgreSQL up?): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
