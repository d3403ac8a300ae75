package org.supabasemigrator.model.event;

/** A table read to its end: the rows it has in the source, as read (the estimate it started with is replaced). */
public record SourceRowsCounted(String table, long rows) {
}
