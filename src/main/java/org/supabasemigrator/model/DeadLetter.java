package org.supabasemigrator.model;

/**
 * A row the target refused on its own (or whose foreign key broke after the load), ready for the dead-letter
 * store.
 *
 * @param primaryKey the key as a JSON object of column to value text
 * @param record     the row as the source sent it (JSON)
 */
public record DeadLetter(long runId, String table, String primaryKey, String record, String sqlState,
        String errorMessage) {

    @Override
    public String toString() {
        return "DeadLetter[" + table + " " + primaryKey + ": " + sqlState + "]";
    }
}
