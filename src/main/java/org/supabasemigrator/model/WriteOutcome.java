package org.supabasemigrator.model;

import java.util.List;

/**
 * What writing a batch did, read by the checkpoint statement of the same transaction.
 *
 * @param batch        the rows written
 * @param written      rows now in the target as the source has them
 * @param inserted     of those, new to the target
 * @param updated      of those, changed in the target (rows already equal are left alone)
 * @param deadLettered rows refused and kept in the dead-letter store instead
 * @param lastKey      where the checkpoint moves
 * @param startedNanos when the write began, for its timer
 */
public record WriteOutcome(RowBatch batch, long written, long inserted, long updated, long deadLettered,
        List<String> lastKey, long startedNanos) {

    public static WriteOutcome copied(RowBatch batch, long rows, long startedNanos) {
        return new WriteOutcome(batch, batch.getSize(), rows, 0, 0, batch.getLastKey(), startedNanos);
    }

    public static WriteOutcome upserted(RowBatch batch, long inserted, long updated, long startedNanos) {
        return new WriteOutcome(batch, batch.getSize(), inserted, updated, 0, batch.getLastKey(), startedNanos);
    }

    public static WriteOutcome refused(RowBatch batch, TargetRow row) {
        return new WriteOutcome(batch, 0, 0, 0, 1, row.key(), System.nanoTime());
    }

    /** The checkpoint as an array for SQL ({@code text[]}). */
    public String[] getLastKeyArray() {
        return lastKey.toArray(String[]::new);
    }
}
