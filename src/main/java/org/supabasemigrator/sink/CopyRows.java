package org.supabasemigrator.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.model.WriteOutcome;
import org.supabasemigrator.targetdb.SqlFailures;

/**
 * The bulk load: a batch for a key range the target does not hold yet is written with {@code COPY FROM STDIN},
 * PostgreSQL's fastest way in, in the caller's transaction (the one that moves the checkpoint). It cannot
 * duplicate: the range above the checkpoint was empty when the slice started and only this slice writes it,
 * each batch together with its checkpoint. Should the target hold a key after all (written by someone else),
 * the COPY is undone to a savepoint and the slice goes on with upserts, starting with this batch.
 */
@ApplicationScoped
@Named("copyRows")
public class CopyRows {

    private static final Logger LOG = Logger.getLogger(CopyRows.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final UpsertRows upserts;

    public CopyRows(JdbcTemplate jdbc, UpsertRows upserts) {
        this.dataSource = jdbc.getDataSource();
        this.upserts = upserts;
    }

    /** {@code COPY table (columns) FROM STDIN}: identity values are taken as given, like OVERRIDING SYSTEM VALUE. */
    public static String sql(TableMapping mapping) {
        return "COPY " + mapping.target().qualifiedName() + " ("
                + mapping.columns().stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN";
    }

    public WriteOutcome write(@ExchangeProperty("slice") Slice slice, RowBatch batch) throws SQLException {
        long started = System.nanoTime();
        // the connection the transaction policy bound to this thread
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                return WriteOutcome.copied(batch, copy(connection, sql(slice.getTableRun().getMapping()), batch.getRows()), started);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(SqlFailures.sqlState(e))) {
                    throw e; // the batch fails as an upsert would: the sink retries its rows one by one
                }
                connection.rollback(beforeCopy);
                slice.loadInBulk(false);
                LOG.warnf("Table %s: the target already holds keys in key range %d (%s); writing the range with upserts",
                        slice.getTable(), slice.getNumber(), SqlFailures.reason(e));
                return upserts.write(slice, batch);
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static long copy(Connection connection, String sql, List<TargetRow> rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            for (TargetRow row : rows) {
                copy.writeToCopy(new CopyLineMessage(row.copyLine()));
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * One row's COPY line and its newline as one CopyData message, written from the line itself into the
     * connection's buffered stream: the batch is never gathered into one more array of its size.
     */
    private record CopyLineMessage(byte[] line) implements ByteStreamWriter {

        @Override
        public int getLength() {
            return line.length + 1;
        }

        @Override
        public void writeTo(ByteStreamTarget target) throws IOException {
            OutputStream out = target.getOutputStream();
            out.write(line);
            out.write('\n');
        }
    }
}
