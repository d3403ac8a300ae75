package org.supabasemigrator.model.event;

/** A row the target refused, now in the dead-letter store. */
public record RowDeadLettered(String table) {
}
