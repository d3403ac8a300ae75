package org.supabasemigrator.model;

/** Life cycle of a migration run and of each of its tables. */
public enum RunState {
    PENDING,
    RUNNING,
    /** Stopped by an operator, a shutdown or the end of a process; resumable. */
    STOPPED,
    /** Every table copied, verified where verification ran, nothing dead-lettered. */
    SUCCEEDED,
    /** Finished, but some table holds dead letters, differences or was not verified: the error names them. */
    INCOMPLETE,
    /** Ended by a failure (its error says what and where); resumable. */
    FAILED;

    /** A run that a worker is (or should be) executing. */
    public boolean isActive() {
        return this == PENDING || this == RUNNING;
    }
}
