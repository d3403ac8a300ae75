package org.supabasemigrator.control;

import java.util.List;

import org.supabasemigrator.bookkeeping.DeadLetterRecord;

/**
 * A page of dead letters: {@code total} matching, {@code items} after the {@code after} cursor; ask for the
 * next page with {@code after=<nextAfter>}.
 */
public record DeadLetterPage(long total, List<DeadLetterRecord> items, Long nextAfter) {
}
