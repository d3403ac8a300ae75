package org.supabasemigrator.testsupport.postgrest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of pgjdbc connections, taken by a request for its query only, as PostgREST's pool: one per HTTP
 * worker thread by default, so a worker never waits for another, or fewer, and a request waits for one.
 * Connections open lazily and are replaced when found dead, so the server survives a database restart.
 * Sessions are as Supabase's: UTC, read-only here, with the authenticator's statement timeout; string
 * parameters go to PostgreSQL untyped, as PostgREST's literals do.
 */
final class ConnectionPool implements AutoCloseable {

    /** A unit of database work. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A pool slot; {@code connection} is null until (re)opened. */
    private static final class Slot {
        Connection connection;
        /** The session's statement_timeout in ms as last set. */
        long statementTimeoutMs;
    }

    private final String url;
    private final long statementTimeoutMs;
    private final Properties properties = new Properties();
    private final BlockingQueue<Slot> idle;
    private final List<Slot> all = new ArrayList<>();

    /** @param statementTimeoutMs the sessions' statement_timeout (0 = none) */
    ConnectionPool(String url, String user, String password, int size, long statementTimeoutMs) throws SQLException {
        this.url = url;
        this.statementTimeoutMs = statementTimeoutMs;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "postgrest-stand-in");
        // PostgREST sends values as untyped literals, resolved by PostgreSQL against the column's type
        properties.setProperty("stringtype", "unspecified");
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Slot slot = new Slot();
            all.add(slot);
            idle.add(slot);
        }
        withConnection(c -> null); // fail fast on a wrong URL or password
    }

    /**
     * Runs {@code work} on a pooled connection. If the connection turns out to be dead (the database
     * restarted, the backend was terminated), the work is retried once on a fresh connection: it only reads.
     */
    <T> T withConnection(Work<T> work) throws SQLException {
        return withConnection(statementTimeoutMs, work);
    }

    /**
     * As {@link #withConnection(Work)}, with the session's statement_timeout set to {@code timeoutMs} first (as
     * PostgREST applies an impersonated role's own setting, e.g. anon's 3 s on Supabase).
     */
    <T> T withConnection(long timeoutMs, Work<T> work) throws SQLException {
        Slot slot;
        try {
            slot = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", "08000", e);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                boolean reused = slot.connection != null && !slot.connection.isClosed();
                if (!reused) {
                    slot.connection = open();
                    slot.statementTimeoutMs = statementTimeoutMs;
                }
                try {
                    if (slot.statementTimeoutMs != timeoutMs) {
                        try (Statement st = slot.connection.createStatement()) {
                            st.execute("SET statement_timeout = " + timeoutMs);
                        }
                        slot.statementTimeoutMs = timeoutMs;
                    }
                    return work.apply(slot.connection);
                } catch (SQLException e) {
                    if (!isConnectionLost(e, slot.connection)) {
                        throw e;
                    }
                    closeQuietly(slot);
                    if (!reused || attempt > 1) {
                        throw e;
                    }
                }
            }
        } finally {
            idle.add(slot);
        }
    }

    private static boolean isConnectionLost(SQLException e, Connection connection) throws SQLException {
        String state = e.getSQLState();
        return connection.isClosed() || state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection(url, properties);
        try (Statement st = connection.createStatement()) {
            // Like Supabase: sessions in UTC (timestamptz prints as +00:00), and this server only ever reads.
            st.execute("SET TIME ZONE 'UTC'; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;"
                    + " SET statement_timeout = " + statementTimeoutMs);
        }
        return connection;
    }

    private static void closeQuietly(Slot slot) {
        try {
            if (slot.connection != null) {
                slot.connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        slot.connection = null;
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(ConnectionPool::closeQuietly);
        }
    }
}
