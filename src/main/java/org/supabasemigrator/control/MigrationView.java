package org.supabasemigrator.control;

import java.util.List;

import org.supabasemigrator.model.RunState;

/**
 * A run as the control API shows it; times are ISO-8601 instants.
 *
 * @param elapsedSeconds since the run started, to its end or now
 * @param etaSeconds     while it runs: seconds left at the current rate, for the tables counted so far
 * @param notes          what the preflight found (how tables load, what could not be checked)
 */
public record MigrationView(long id, String mode, RunState state, String createdAt, String startedAt, String finishedAt,
        Long elapsedSeconds, Long etaSeconds, String error, String stopReason, List<String> notes, Totals totals,
        List<TableView> tables) {

    /** The run's tables added up. */
    public record Totals(long sourceRows, long read, long written, long deadLettered) {
    }
}
