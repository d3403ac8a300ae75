package org.supabasemigrator.targetdb;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells whose fault a failed write is. A record's fault (bad value, constraint) sends the record to the dead
 * letters. The target being unavailable (lost connection, restarting server, pool timeout) says nothing about
 * the record: the write is retried. Anything else (missing privilege, dropped table) would fail every record
 * alike, so the table fails with the database's message instead of dead-lettering all its rows.
 */
@ApplicationScoped
@Named("sqlFailures")
public class SqlFailures {

    /** Predicate for {@code onWhen}: is the target unavailable? */
    public boolean isTargetUnavailable(Exchange exchange) {
        return targetUnavailable(caught(exchange));
    }

    /** Predicate for {@code onWhen}: did the target refuse this record (and would take others)? */
    public boolean isRecordFault(Exchange exchange) {
        return recordFault(caught(exchange));
    }

    /** For log lines in routes: the reason of the exception being handled, without row contents. */
    public String caughtReason(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure == null ? "" : reason(failure);
    }

    /** Data exceptions, constraint violations, errors raised by triggers and functions: about this record. */
    public static boolean recordFault(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("P0")
                || state.startsWith("2F") || state.startsWith("38") || state.startsWith("39") || state.startsWith("54"));
    }

    private static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    public static boolean targetUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TargetUnavailableException) {
                return false; // the outage lasted longer than the service waits: not worth another try here
            }
            if (t.getClass().getName().startsWith("org.supabasemigrator.source.")) {
                return false; // the source failed, not the target
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true; // no connection for the transaction, or the commit failed as the connection went away
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && String.valueOf(sql.getMessage())
                    .toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                return true; // the pool found no connection in time (Agroal says so without a SQLSTATE)
            }
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true; // no connection could be had, or it broke
            }
            if (t instanceof SQLException sql && sqlState(sql) != null) {
                String state = sqlState(sql);
                // 08 connection exception, 57P01-03 server shutting down or starting, 53 insufficient resources,
                // 40001/40P01 serialization failure and deadlock: all worth another try
                return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || state.equals("40001") || state.equals("40P01");
            }
        }
        return false;
    }

    /** The SQLSTATE of the first SQLException in the chain, walking batch "next" exceptions too. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    /**
     * The database's own words for the failure with its detail (which may quote the row): for the dead-letter
     * store, beside the record itself. Never the statement text or its parameters.
     */
    public static String message(Throwable failure) {
        ServerErrorMessage server = serverError(failure);
        if (server == null) {
            return reason(failure);
        }
        return server.getDetail() == null ? server.getMessage() : server.getMessage() + " (" + server.getDetail() + ")";
    }

    /** The primary message only, safe for logs: PostgreSQL puts row contents in the detail, not here. */
    public static String reason(Throwable failure) {
        ServerErrorMessage server = serverError(failure);
        if (server != null) {
            return server.getSQLState() + " " + server.getMessage();
        }
        // the innermost failure that says something (a connection reset below may say nothing)
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                root = t;
            }
        }
        if (root.getMessage() == null) {
            return root.getClass().getSimpleName();
        }
        String message = root.getMessage();
        int statementText = message.indexOf("Batch entry");
        return statementText >= 0 ? root.getClass().getSimpleName() : message;
    }

    private static ServerErrorMessage serverError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                ServerErrorMessage next = serverError(sql.getNextException());
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }
}
