package org.supabasemigrator.model.event;

/** Rows of a page received from the source (copy passes only). */
public record PageRead(String table, int rows) {
}
