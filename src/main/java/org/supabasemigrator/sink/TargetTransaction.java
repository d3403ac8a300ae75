package org.supabasemigrator.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;

/**
 * Policy EIP that runs the rest of a route in a transaction of its own on the target database: committed
 * when the steps succeed, rolled back when one fails, and in every case dissociated from the thread, so a
 * connection cut mid-commit leaves nothing behind for the retry. Unlike {@code transacted}, it installs no
 * error handler, so the failure reaches the calling route's error handling untouched (Camel lets only one
 * error handler deal with a failure).
 */
@ApplicationScoped
@Named("targetTransaction")
public class TargetTransaction implements Policy {

    private final TransactionManager transactions;

    public TargetTransaction(TransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> {
            transactions.begin();
            try {
                processor.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            try {
                if (exchange.getException() == null) {
                    transactions.commit();
                } else {
                    transactions.rollback();
                }
            } catch (Exception e) {
                if (exchange.getException() == null) {
                    exchange.setException(e); // the commit failed: the caller's error handling decides
                }
            } finally {
                forget();
            }
        };
    }

    /** After a failed commit or rollback, the thread must not keep a half-finished transaction. */
    private void forget() throws SystemException {
        if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
            try {
                transactions.rollback();
            } catch (Exception alreadyGone) {
                transactions.suspend();
            }
        }
    }
}
