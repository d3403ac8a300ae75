package org.supabasemigrator.transform;

/** Source and target tables do not fit together; raised before any row of the table moves. */
public class SchemaMismatchException extends RuntimeException {

    public SchemaMismatchException(String message) {
        super(message);
    }
}
