package org.supabasemigrator.run;

/** Life cycle of a migration run and of each of its tables. */
public enum RunState {
    PENDING,
    RUNNING,
    STOPPED,
    SUCCEEDED,
    FAILED
}
