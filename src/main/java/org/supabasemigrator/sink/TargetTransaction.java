package org.supabasemigrator.sink;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policy EIP that runs the rest of a route in one local transaction on the target database: the steps' SQL
 * (Camel SQL, Spring's JdbcTemplate underneath) joins the connection the transaction binds to the thread;
 * it commits when the steps succeed and rolls back when one fails. The connection goes back to the pool
 * either way, so a connection cut mid-batch leaves nothing behind for the retry. Unlike {@code transacted},
 * it installs no error handler, so the failure reaches the calling route's error handling untouched (Camel
 * lets only one error handler deal with a failure).
 * <p>
 * Each transaction begins with the {@link WriteSettings}: among them {@code synchronous_commit} off, as rows and
 * their checkpoint are kept or lost together, so a commit need not wait for the disk; the bookkeeping commits
 * a table's outcome with the server's own setting, which flushes all of them.
 */
@ApplicationScoped
@Named("targetTransaction")
public class TargetTransaction implements Policy {

    private final DataSource dataSource;
    private final WriteSettings writeSettings;
    private volatile TransactionTemplate transactions;

    public TargetTransaction(JdbcTemplate jdbc, WriteSettings writeSettings) {
        this.dataSource = jdbc.getDataSource();
        this.writeSettings = writeSettings;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    /**
     * The transaction binds a connection of the one target DataSource, which the SQL component and the
     * JdbcTemplate use too: Spring finds the bound connection by that object, so statements of the steps join it.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    private TransactionTemplate transactions() {
        if (transactions == null) {
            TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource()) {
                @Override
                protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
                        throws SQLException {
                    super.prepareTransactionalConnection(connection, definition);
                    writeSettings.apply(connection); // as the transaction begins, before any step's statement
                }
            });
            template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            transactions = template;
        }
        return transactions;
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> {
            TransactionTemplate transactions = transactions();
            try {
                transactions.executeWithoutResult(status -> {
                    try {
                        processor.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (exchange.getException() != null) {
                        status.setRollbackOnly();
                    }
                });
            } catch (RuntimeException beginCommitOrRollbackFailed) {
                if (exchange.getException() == null) {
                    // no connection, write settings refused, or the commit failed: the caller decides
                    exchange.setException(beginCommitOrRollbackFailed);
                }
            }
        };
    }
}
