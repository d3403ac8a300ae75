package org.supabasemigrator.bookkeeping;

import java.time.Instant;

import org.supabasemigrator.run.RunState;

/** A table of a run as recorded: state, counts and the totals committed by its slices. */
public record TableRecord(String table, RunState state, Long sourceRows, Long targetRows, Boolean verified,
        String error, long written, long deadLettered, Instant startedAt, Instant finishedAt) {
}
