package org.supabasemigrator.source;

/** One row of a source page: the JSON object exactly as the source sent it. */
public record SourceRecord(String json) {
}
