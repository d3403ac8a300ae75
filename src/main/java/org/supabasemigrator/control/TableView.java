package org.supabasemigrator.control;

import org.supabasemigrator.run.RunState;

/**
 * A table of a run as the control API shows it.
 *
 * @param percentDone   rows written or dead-lettered, in percent of the source rows
 * @param rowsPerSecond rows written or dead-lettered per second since the table started
 * @param etaSeconds    seconds left at that rate, while the table runs
 */
public record TableView(String table, RunState state, Long sourceRows, long read, long written, long deadLettered,
        Long targetRows, Boolean verified, Double percentDone, Long rowsPerSecond, Long etaSeconds, String error) {
}
