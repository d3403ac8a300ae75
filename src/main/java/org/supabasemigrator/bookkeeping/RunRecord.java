package org.supabasemigrator.bookkeeping;

import java.time.Instant;
import java.util.List;

import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.model.RunState;

/** A migration run as recorded in {@code migrator.migration_run}. */
public record RunRecord(long id, Mode mode, boolean createMissingTables, boolean deleteMissing, boolean allowTriggers,
        RunState state, List<String> tables, String error, String stopReason, List<String> notes, Instant createdAt,
        Instant startedAt, Instant finishedAt) {

    public RunOptions options() {
        return new RunOptions(mode, createMissingTables, deleteMissing, allowTriggers);
    }
}
