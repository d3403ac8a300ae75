package org.supabasemigrator.control;

import java.util.List;

import org.supabasemigrator.run.RunState;

/** A run as the control API shows it; times are ISO-8601 instants. */
public record MigrationView(long id, String mode, RunState state, String createdAt, String startedAt, String finishedAt,
        String error, String stopReason, Totals totals, List<TableView> tables) {

    /** The run's tables added up. */
    public record Totals(long sourceRows, long read, long written, long deadLettered) {
    }
}
