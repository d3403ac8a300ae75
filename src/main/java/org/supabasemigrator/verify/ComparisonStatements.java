package org.supabasemigrator.verify;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.targetdb.TypedRows;

/**
 * SQL that compares source rows with the target inside PostgreSQL, for the rows whose lines differ: the source
 * rows travel as one {@code text[]} per column, are cast to the target's column types, and both sides are
 * compared through PostgreSQL's own text output, so values equal in meaning compare equal however the source
 * printed them (another time zone, another server version), and only real differences remain.
 */
final class ComparisonStatements {

    private ComparisonStatements() {
    }

    /** Rows missing in the target or different there, with the names of the differing columns. */
    static String differing(TableMapping mapping) {
        List<Column> columns = mapping.columns();
        String differing = columns.stream().map(c -> "CASE WHEN s." + q(c) + "::text IS DISTINCT FROM t." + q(c)
                + "::text THEN " + literal(c.name()) + " END").collect(Collectors.joining(", "));
        return "WITH s AS (" + TypedRows.select(columns) + ")"
                + " SELECT " + keyArray("s", mapping) + " AS key, t." + Identifiers.quote(mapping.keyColumns().get(0))
                + " IS NULL AS missing, array_remove(ARRAY[" + differing + "], NULL) AS differing"
                + " FROM s LEFT JOIN " + mapping.target().qualifiedName() + " t ON " + TypedRows.keyJoin("t", "s", mapping.keyColumns())
                + " WHERE t." + Identifiers.quote(mapping.keyColumns().get(0)) + " IS NULL OR (" + TypedRows.textRow("s", columns)
                + ") IS DISTINCT FROM (" + TypedRows.textRow("t", columns) + ")";
    }

    static String keyArray(String alias, TableMapping mapping) {
        return "ARRAY[" + mapping.keyColumns().stream().map(k -> alias + "." + Identifiers.quote(k) + "::text")
                .collect(Collectors.joining(", ")) + "]";
    }

    private static String q(Column column) {
        return Identifiers.quote(column.name());
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
