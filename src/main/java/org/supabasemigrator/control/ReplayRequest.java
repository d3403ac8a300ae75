package org.supabasemigrator.control;

/**
 * Body of {@code POST /api/dead-letters/replay}, bound by Camel's REST binding; both fields optional.
 *
 * @param migration only this run's dead letters
 * @param table     only this table's
 */
public record ReplayRequest(Long migration, String table) {
}
