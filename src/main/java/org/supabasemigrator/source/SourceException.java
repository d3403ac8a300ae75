package org.supabasemigrator.source;

/**
 * The source failed a request. {@link #isTransient()} tells whether asking again may succeed (5xx, 429,
 * cut-off or malformed bodies, timeouts) or the run must stop with this message (bad key, unknown table);
 * {@link #getReason()} is a short code for metrics, e.g. {@code http_503} or {@code timeout}.
 */
public class SourceException extends RuntimeException {

    private final boolean transientFailure;
    private final String reason;
    private volatile String advice;

    public SourceException(String message, boolean transientFailure) {
        this(message, transientFailure, transientFailure ? "transient" : "refused", null);
    }

    public SourceException(String message, boolean transientFailure, String reason, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.reason = reason;
    }

    /** What helps, added once the service gave up on the request (the message then says it). */
    void advise(String advice) {
        this.advice = advice;
    }

    @Override
    public String getMessage() {
        return advice == null ? super.getMessage() : super.getMessage() + advice;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String getReason() {
        return reason;
    }

    /** The source cancelled the statement behind the request (SQLSTATE 57014): asking again unchanged fails the same. */
    public boolean isStatementTimeout() {
        return "statement_timeout".equals(reason);
    }

    /** The answer was larger than the request's limit: fewer rows must be asked for. */
    public boolean isTooLarge() {
        return "too_large".equals(reason);
    }
}
