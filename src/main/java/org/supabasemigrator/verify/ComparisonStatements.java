package org.supabasemigrator.verify;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.sink.TypedRows;
import org.supabasemigrator.transform.TableMapping;

/**
 * SQL that compares source rows with the target inside PostgreSQL: the source page travels as one
 * {@code text[]} per column, is cast to the target's column types, and both sides are compared through
 * PostgreSQL's own text output, so equal values compare equal however the source printed them.
 */
final class ComparisonStatements {

    private ComparisonStatements() {
    }

    /** Rows of the page missing in the target or different there, with the names of the differing columns. */
    static String comparePage(TableMapping mapping) {
        List<TargetColumn> columns = mapping.columns();
        String differing = columns.stream().map(c -> "CASE WHEN s." + q(c) + "::text IS DISTINCT FROM t." + q(c)
                + "::text THEN " + literal(c.name()) + " END").collect(Collectors.joining(", "));
        return "WITH s AS (" + TypedRows.select(columns) + ")"
                + " SELECT " + keyArray("s", mapping) + " AS key, t." + q(mapping.keyColumns().get(0)) + " IS NULL AS missing,"
                + " array_remove(ARRAY[" + differing + "], NULL) AS differing"
                + " FROM s LEFT JOIN " + mapping.target().qualifiedName() + " t ON " + keyJoin(mapping)
                + " WHERE t." + q(mapping.keyColumns().get(0)) + " IS NULL OR (" + TypedRows.textRow("s", columns)
                + ") IS DISTINCT FROM (" + TypedRows.textRow("t", columns) + ")";
    }

    /** Stores the page's keys for the key-set comparison: run id, table, then one text[] per key column. */
    static String stageKeys(TableMapping mapping) {
        List<String> key = mapping.keyColumns();
        String names = key.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        return "INSERT INTO migrator.source_key (run_id, table_name, key) SELECT ?, ?, ARRAY["
                + key.stream().map(k -> "u." + Identifiers.quote(k)).collect(Collectors.joining(", ")) + "] FROM unnest("
                + key.stream().map(k -> "CAST(? AS text[])").collect(Collectors.joining(", ")) + ") AS u (" + names + ")";
    }

    /** Target rows whose key the source did not show in this run's key pass: {@code FROM ... WHERE ...}. */
    static String extraRows(TableMapping mapping) {
        List<String> key = mapping.keyColumns();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            String type = mapping.columns().get(mapping.indexOf(key.get(i))).sqlType();
            match.append(" AND CAST(k.key[").append(i + 1).append("] AS ").append(type).append(") = t.")
                    .append(Identifiers.quote(key.get(i)));
        }
        return " FROM " + mapping.target().qualifiedName() + " t WHERE NOT EXISTS (SELECT 1 FROM migrator.source_key k"
                + " WHERE k.run_id = ? AND k.table_name = ?" + match + ")";
    }

    static String keyArray(String alias, TableMapping mapping) {
        return "ARRAY[" + mapping.keyColumns().stream().map(k -> alias + "." + Identifiers.quote(k) + "::text")
                .collect(Collectors.joining(", ")) + "]";
    }

    private static String keyJoin(TableMapping mapping) {
        return mapping.keyColumns().stream().map(k -> "t." + Identifiers.quote(k) + " = s." + Identifiers.quote(k))
                .collect(Collectors.joining(" AND "));
    }

    private static String q(TargetColumn column) {
        return Identifiers.quote(column.name());
    }

    private static String q(String column) {
        return Identifiers.quote(column);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
