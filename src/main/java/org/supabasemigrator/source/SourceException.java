package org.supabasemigrator.source;

/**
 * The source failed a request. {@link #isTransient()} tells whether asking again may succeed (5xx, 429,
 * cut-off or malformed bodies, timeouts) or the run must stop with this message (bad key, unknown table).
 */
public class SourceException extends RuntimeException {

    private final boolean transientFailure;

    public SourceException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public SourceException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
