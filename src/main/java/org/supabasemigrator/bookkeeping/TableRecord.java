package org.supabasemigrator.bookkeeping;

import java.time.Instant;

import org.supabasemigrator.model.RunState;

/**
 * A table of a run as recorded: state, counts, the totals committed by its slices and, when it was verified,
 * the verification report (JSON).
 *
 * @param refused      rows its slices moved past as refused (dead-lettered while copying)
 * @param deadLettered rows of the table in the dead-letter store now (a replay removes those it wrote)
 * @param compared     rows compared with the target so far
 */
public record TableRecord(String table, RunState state, Long sourceRows, Long targetRows, Boolean verified,
        String verification, String watermark, String changedSince, Long missingInSource, Long deleted, String error,
        long written, long inserted, long updated, long refused, long deadLettered, long compared, Instant startedAt,
        Instant finishedAt) {

    /** Rows the table's copy is through with: written or refused. */
    public long done() {
        return written + refused;
    }
}
