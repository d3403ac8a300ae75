package org.supabasemigrator.model.event;

/** A table (re)starts: its estimated source rows and the rows its checkpoints already hold. */
public record TableStarted(String table, long sourceRows, long alreadyDone) {
}
