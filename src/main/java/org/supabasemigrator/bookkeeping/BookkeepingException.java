package org.supabasemigrator.bookkeeping;

/** The target database could not record the run's progress. */
public class BookkeepingException extends RuntimeException {

    public BookkeepingException(String what, Throwable cause) {
        super("cannot " + what + " in the target database: " + cause.getMessage(), cause);
    }
}
