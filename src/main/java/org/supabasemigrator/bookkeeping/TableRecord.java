package org.supabasemigrator.bookkeeping;

import java.time.Instant;

import org.supabasemigrator.run.RunState;

/**
 * A table of a run as recorded: state, counts, the totals committed by its slices and, when it was
 * verified, the verification report (JSON).
 */
public record TableRecord(String table, RunState state, Long sourceRows, Long targetRows, Boolean verified,
        String verification, String watermark, String changedSince, Long missingInSource, Long deleted, String error,
        long written, long inserted, long updated, long deadLettered, Instant startedAt, Instant finishedAt) {
}
