package org.supabasemigrator.model;

/**
 * A trigger the target's own schema installed on a table (not one of PostgreSQL's constraint triggers).
 *
 * @param firesInReplica {@code ENABLE ALWAYS} or {@code ENABLE REPLICA}: it fires even in sessions with
 *                       {@code session_replication_role = replica}
 */
public record Trigger(String table, String name, boolean firesInReplica) {
}
