package org.supabasemigrator.model.event;

/** A request to the source ended: its table (- for none), HTTP status or error, time. */
public record SourceAnswered(String table, String status, long nanos) {
}
