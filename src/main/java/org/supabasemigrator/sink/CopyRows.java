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

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.transform.TableMapping;
import org.supabasemigrator.transform.TargetRow;

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

    private final TargetTransaction transaction;

    public CopyRows(TargetTransaction transaction) {
        this.transaction = transaction;
    }

    /** {@code COPY table (columns) FROM STDIN}: identity values are taken as given, like OVERRIDING SYSTEM VALUE. */
    public static String sql(TableMapping mapping) {
        return "COPY " + mapping.target().qualifiedName() + " ("
                + mapping.columns().stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN";
    }

    public void write(Exchange exchange) throws SQLException {
        SliceCursor slice = exchange.getProperty("slice", SliceCursor.class);
        RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
        // the connection the transaction policy bound to this thread
        DataSource dataSource = transaction.dataSource();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                long copied = copy(connection, slice.getTableRun().getCopySql(), batch.getRows());
                exchange.setProperty("rowsInserted", copied);
                exchange.setProperty("rowsUpdated", 0L);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(SqlFailures.sqlState(e))) {
                    throw e; // the batch fails as an upsert would: the sink retries its rows one by one
                }
                connection.rollback(beforeCopy);
                slice.upsertFromNowOn();
                LOG.warnf("Table %s: the target already holds keys in key range %d (%s); writing the range with upserts",
                        slice.getTable(), slice.getNumber(), SqlFailures.reason(e));
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
