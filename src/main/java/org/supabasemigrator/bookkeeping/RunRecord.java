package org.supabasemigrator.bookkeeping;

import java.time.Instant;
import java.util.List;

import org.supabasemigrator.run.RunState;

/** A migration run as recorded in {@code migrator.migration_run}. */
public record RunRecord(long id, String mode, boolean createMissingTables, boolean deleteMissing, RunState state,
        List<String> tables, String error, String stopReason, Instant createdAt, Instant startedAt, Instant finishedAt) {
}
