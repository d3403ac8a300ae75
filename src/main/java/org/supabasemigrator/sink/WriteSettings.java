package org.supabasemigrator.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.config.MigratorSettings.ToastCompression;
import org.supabasemigrator.targetdb.SqlFailures;

/**
 * The settings the sink's write transactions run with, as configured and as the target offers them:
 * {@code synchronous_commit} ({@code migrator.target.synchronous-commit}), {@code default_toast_compression}
 * ({@code migrator.target.toast-compression}) and, where the target role may set it,
 * {@code session_replication_role = replica}, which keeps foreign key checks and the target's own triggers
 * from firing on migrated rows. They are set local to the transaction, so they end with it and the pooled
 * connection keeps the server's own.
 */
@ApplicationScoped
public class WriteSettings {

    private static final Logger LOG = Logger.getLogger(WriteSettings.class);

    private final MigratorSettings.Target target;
    /** Decided at the first write, once the target's offer is known. */
    private volatile String statement;
    private volatile Boolean replica;

    public WriteSettings(MigratorSettings settings) {
        this.target = settings.target();
    }

    /** Sets them for the transaction open on {@code connection}. */
    public void apply(Connection connection) throws SQLException {
        String sql = statement;
        if (sql == null) {
            sql = statement(connection);
            statement = sql;
        }
        try (Statement set = connection.createStatement()) {
            set.execute(sql);
        } catch (SQLException refused) {
            if (SqlFailures.targetUnavailable(refused)) {
                throw refused; // retried like any write
            }
            // e.g. a failover to a server without lz4: decided again at the next write. Not passed on as the
            // cause, as its SQLSTATE (22023) would read as the rows' fault and send them to the dead letters.
            statement = null;
            replica = null;
            throw new IllegalStateException("The target refused the write settings " + sql.substring("SELECT ".length())
                    + ": " + SqlFailures.reason(refused));
        }
    }

    /**
     * Whether write sessions run as replicas (no foreign key checks, no ordinary triggers): the role is a
     * superuser or was granted SET on {@code session_replication_role}. Asked of the target once.
     */
    public boolean replicaRole(Connection connection) throws SQLException {
        Boolean known = replica;
        if (known == null) {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT rolsuper OR (current_setting('server_version_num')::int >= 150000
                           AND has_parameter_privilege(current_user, 'session_replication_role', 'SET'))
                      FROM pg_roles WHERE rolname = current_user""");
                    ResultSet rs = query.executeQuery()) {
                known = rs.next() && rs.getBoolean(1);
            } catch (SQLException e) {
                if (SqlFailures.targetUnavailable(e)) {
                    throw e;
                }
                known = false; // has_parameter_privilege unknown (before PostgreSQL 15): superusers only
                try (Statement su = connection.createStatement();
                        ResultSet rs = su.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                    known = rs.next() && rs.getBoolean(1);
                }
            }
            replica = known;
        }
        return known;
    }

    private String statement(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT set_config('synchronous_commit', '")
                .append(target.synchronousCommit().sql()).append("', true)");
        ToastCompression compression = target.toastCompression();
        if (compression != ToastCompression.SERVER) {
            if (offers(connection, compression.sql())) {
                sql.append(", set_config('default_toast_compression', '").append(compression.sql()).append("', true)");
            } else {
                LOG.warnf("The target offers no %s compression (PostgreSQL 14+ built with it): large values are"
                        + " compressed as its default_toast_compression says", compression.sql());
            }
        }
        if (replicaRole(connection)) {
            sql.append(", set_config('session_replication_role', 'replica', true)");
        }
        return sql.toString();
    }

    private static boolean offers(Connection connection, String method) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ? = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")) {
            query.setString(1, method);
            try (ResultSet offered = query.executeQuery()) {
                return offered.next() && offered.getBoolean(1);
            }
        }
    }
}
