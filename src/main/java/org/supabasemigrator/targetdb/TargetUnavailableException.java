package org.supabasemigrator.targetdb;

/** The target database stayed unavailable for longer than the service waits ({@code MIGRATOR_TARGET_OUTAGE}). */
public class TargetUnavailableException extends RuntimeException {

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
