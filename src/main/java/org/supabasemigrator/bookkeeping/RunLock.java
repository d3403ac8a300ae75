package org.supabasemigrator.bookkeeping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Only one migration may run at a time, also across replicas of the pod sharing the target: a run holds a
 * PostgreSQL session-level advisory lock on a connection of its own. If the process dies, the server drops
 * the connection and the lock with it, so a crashed replica never blocks the next one.
 */
@ApplicationScoped
public class RunLock {

    /** "supabase-migrator" in the advisory lock key space. */
    static final long KEY = 0x5355_5042_4d49_4752L;

    private final DataSource dataSource;
    private Connection holder;

    public RunLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the lock unless anyone holds it: another replica, or a run or replay of this process. Not
     * re-entrant, so only the caller that took it may {@link #release()} it.
     */
    public synchronized boolean tryAcquire() {
        if (holder != null) {
            return false;
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, KEY);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        holder = connection;
                        return true;
                    }
                }
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new BookkeepingException("take the run lock", e);
        }
    }

    public synchronized void release() {
        if (holder == null) {
            return;
        }
        try (PreparedStatement statement = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, KEY);
            statement.execute();
        } catch (SQLException e) {
            // the connection is gone, and the lock with it
        } finally {
            closeQuietly(holder);
            holder = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
