package org.supabasemigrator.control;

import org.supabasemigrator.run.RunState;

/** A table of a run as the control API shows it. */
public record TableView(String table, RunState state, Long sourceRows, long read, long written, long deadLettered,
        Long targetRows, Boolean verified, String error) {
}
