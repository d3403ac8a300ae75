package org.supabasemigrator.sink;

/**
 * A row the target refused on its own, ready for {@code sql/insert-dead-letter.sql}.
 *
 * @param primaryKey the key as a JSON object of column to value text
 * @param lastKey    the row's key: the slice's checkpoint moves past it in the same transaction
 */
public record DeadLetter(long runId, String table, String primaryKey, String record, String sqlState,
        String errorMessage, String[] lastKey) {

    @Override
    public String toString() {
        return "DeadLetter[" + table + " " + primaryKey + ": " + sqlState + "]";
    }
}
