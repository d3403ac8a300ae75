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

/**
 * The settings the sink's write transactions run with, as configured and as the target offers them:
 * {@code synchronous_commit} ({@code migrator.target.synchronous-commit}) and
 * {@code default_toast_compression} ({@code migrator.target.toast-compression}). They are set local to the
 * transaction, so they end with it and the pooled connection keeps the server's own.
 */
@ApplicationScoped
public class WriteSettings {

    private static final Logger LOG = Logger.getLogger(WriteSettings.class);

    private final MigratorSettings.Target target;
    /** Decided at the first write, once the target's offer is known. */
    private volatile String statement;

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
            throw new IllegalStateException("The target refused the write settings " + sql.substring("SELECT ".length())
                    + ": " + SqlFailures.reason(refused));
        }
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
