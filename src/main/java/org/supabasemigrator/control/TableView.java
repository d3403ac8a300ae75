package org.supabasemigrator.control;

import org.supabasemigrator.model.RunState;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A table of a run as the control API shows it.
 *
 * @param sourceRows      the source's rows: the planner's estimate while the table is read, the rows read once done
 * @param written         rows now in the target as the source has them; {@code inserted} and {@code updated} of
 *                        those changed the target (equal rows are left alone)
 * @param deadLettered    rows in the dead-letter store (refused by the target, or breaking a foreign key)
 * @param compared        rows compared with the target so far
 * @param percentDone     rows written or dead-lettered, in percent of the source rows
 * @param rowsPerSecond   rows written or dead-lettered per second since the table started
 * @param etaSeconds      seconds left at that rate, while the table runs
 * @param changedSince    incremental runs: the rows read were those changed since this watermark
 * @param missingInSource rows in the target whose key the source no longer has; {@code deleted} of them removed
 * @param verification    the row-by-row comparison: equal, missing, extra, different, examples
 */
public record TableView(String table, RunState state, Long sourceRows, long read, long written, long inserted,
        long updated, long deadLettered, long compared, Long targetRows, Boolean verified, Double percentDone,
        Long rowsPerSecond, Long etaSeconds, String changedSince, Long missingInSource, Long deleted,
        @JsonRawValue String verification, String error) {
}
