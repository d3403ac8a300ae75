package org.supabasemigrator.model.event;

/** A source request is tried again after a transient failure. */
public record SourceRetried(String table, String reason) {
}
