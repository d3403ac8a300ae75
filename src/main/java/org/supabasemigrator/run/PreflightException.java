package org.supabasemigrator.run;

/** The preflight found tables that do not fit, a key that would see too little, or triggers that would fire: nothing was written. */
public class PreflightException extends RuntimeException {

    public PreflightException(String message) {
        super(message);
    }
}
