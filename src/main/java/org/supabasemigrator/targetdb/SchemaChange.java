package org.supabasemigrator.targetdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A change to the target's tables (a key or index dropped or added again) and its note in the bookkeeping, in one
 * transaction on one connection, so neither commits without the other. The search path is empty inside it: the
 * catalog prints every name qualified, and definitions noted now mean the same when they are replayed.
 */
public final class SchemaChange {

    /** The steps of one change, given the transaction's connection and a statement on it. */
    public interface Steps<T> {
        T run(Connection connection, Statement statement) throws SQLException;
    }

    private SchemaChange() {
    }

    public static <T> T commit(JdbcTemplate jdbc, Steps<T> steps) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT set_config('search_path', '', true)");
                T result = steps.run(connection, statement);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }
}
