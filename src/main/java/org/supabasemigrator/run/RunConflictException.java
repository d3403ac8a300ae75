package org.supabasemigrator.run;

/** A run cannot start now: another run (or a replay) is active here or on another replica. */
public class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
