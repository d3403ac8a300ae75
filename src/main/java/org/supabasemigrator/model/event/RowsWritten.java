package org.supabasemigrator.model.event;

/** A batch committed: rows written and the time its transaction took. */
public record RowsWritten(String table, long rows, long nanos) {
}
