package org.supabasemigrator.bookkeeping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.targetdb.SqlFailures;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Only one migration may run at a time, also across replicas of the pod sharing the target: a run holds a
 * PostgreSQL session-level advisory lock on a connection of its own. If the process dies, the server drops the
 * connection and the lock with it, so a crashed replica never blocks the next one. If the target drops the
 * connection (a restart, a failover), the lock is gone with it: {@link #stillHeld()} takes it again on a new
 * connection, or says that another replica took it meanwhile.
 */
@ApplicationScoped
public class RunLock {

    private static final Logger LOG = Logger.getLogger(RunLock.class);

    /** "supabase-migrator" in the advisory lock key space. */
    static final long KEY = 0x5355_5042_4d49_4752L;

    private final DataSource dataSource;
    private final TargetOutage outage;
    /** This process took the lock and has not released it (its connection may be gone with the target). */
    private boolean held;
    private Connection holder;

    public RunLock(DataSource dataSource, TargetOutage outage) {
        this.dataSource = dataSource;
        this.outage = outage;
    }

    /**
     * Takes the lock unless anyone holds it: another replica, or a run or replay of this process. Not
     * re-entrant, so only the caller that took it may {@link #release()} it.
     */
    public synchronized boolean tryAcquire() {
        if (held) {
            return false;
        }
        held = outage.call("take the run lock", this::acquire);
        return held;
    }

    private boolean acquire() {
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
            throw failure("take the run lock", e);
        }
    }

    /**
     * Whether this process still holds the lock: if its connection died with a target restart, the lock is
     * taken again on a new one; false when another replica holds it now. While the target is away nobody can
     * take it, so the answer is yes without waiting, and the lock is taken again at a later check.
     */
    public synchronized boolean stillHeld() {
        if (!held) {
            return false;
        }
        try {
            if (holder != null && holder.isValid(5)) {
                return true;
            }
        } catch (SQLException ignored) {
            // checked below on a new connection
        }
        closeQuietly(holder);
        holder = null;
        boolean taken;
        try {
            taken = acquire();
        } catch (RuntimeException e) {
            if (SqlFailures.targetUnavailable(e)) {
                return true;
            }
            throw e;
        }
        if (taken) {
            LOG.info("The run lock was lost with its connection to the target and is held again");
        } else {
            held = false;
            LOG.warn("The run lock was lost with its connection to the target and another process holds it now");
        }
        return taken;
    }

    public synchronized void release() {
        held = false;
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

    /** Whether any process holds the lock now (without taking it). */
    public boolean heldAnywhere() {
        return outage.call("look at the run lock", () -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                    + " AND ((classid::bigint << 32) | objid::bigint) = ?)")) {
                statement.setLong(1, KEY);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            } catch (SQLException e) {
                throw failure("look at the run lock", e);
            }
        });
    }

    /** A failure the outage wait retries when the target is away, else one that says what could not be done. */
    private static RuntimeException failure(String what, SQLException e) {
        return SqlFailures.targetUnavailable(e)
                ? new org.springframework.dao.DataAccessResourceFailureException(what + ": " + e.getMessage(), e)
                : new BookkeepingException(what, e);
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
