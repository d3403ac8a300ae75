package org.supabasemigrator.bookkeeping;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A record the target refused, as the dead-letter store keeps it.
 *
 * @param record the row exactly as the source sent it (embedded as JSON)
 */
public record DeadLetterRecord(long id, long migration, String table, Map<String, String> primaryKey,
        @JsonRawValue String record, String sqlState, String error, String failedAt) {
}
