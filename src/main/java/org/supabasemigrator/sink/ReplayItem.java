package org.supabasemigrator.sink;

import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.TableMapping;

/** One dead letter being written again: the letter, its row as a batch of one, and how it maps onto its table. */
public record ReplayItem(DeadLetterRecord letter, TableMapping mapping, RowBatch row) {
}
