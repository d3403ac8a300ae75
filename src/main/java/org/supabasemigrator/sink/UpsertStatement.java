package org.supabasemigrator.sink;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.targetdb.TypedRows;

/**
 * The idempotent write of a batch in one statement and one round trip: each column's values travel as one
 * {@code text[]} parameter, are unnested into rows and cast with the column's catalog type, then
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE}. Rows already equal in the target are left untouched, so a
 * re-run writes nothing and resumed batches never duplicate; {@code RETURNING} tells rows inserted from rows
 * updated. Identity columns {@code GENERATED ALWAYS} are written as given ({@code OVERRIDING SYSTEM VALUE}).
 * A key the target does not enforce as unique (key columns named in the configuration) is written by an update
 * of the rows it holds and an insert of the others, in one statement.
 */
public final class UpsertStatement {

    private UpsertStatement() {
    }

    public static String sql(TableMapping mapping) {
        return mapping.target().uniqueKey() ? onConflict(mapping) : updateThenInsert(mapping);
    }

    private static String onConflict(TableMapping mapping) {
        List<Column> columns = mapping.columns();
        String key = mapping.keyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        List<Column> updatable = updatable(mapping);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(mapping.target().qualifiedName())
                .append(" AS t (").append(names(columns)).append(')').append(overriding(columns))
                .append(' ').append(TypedRows.select(columns)).append(" ON CONFLICT (").append(key).append(')');
        if (updatable.isEmpty()) {
            sql.append(" DO NOTHING");
        } else {
            sql.append(" DO UPDATE SET ").append(assignments(updatable, "EXCLUDED"))
                    .append(" WHERE (").append(TypedRows.textRow("t", updatable)).append(") IS DISTINCT FROM (")
                    .append(TypedRows.textRow("EXCLUDED", updatable)).append(')');
        }
        // xmax is 0 only in a row version this statement inserted
        return sql.append(" RETURNING (t.xmax = 0) AS inserted").toString();
    }

    private static String updateThenInsert(TableMapping mapping) {
        List<Column> columns = mapping.columns();
        List<Column> updatable = updatable(mapping);
        String table = mapping.target().qualifiedName();
        String join = TypedRows.keyJoin("t", "s", mapping.keyColumns());
        StringBuilder sql = new StringBuilder("WITH s AS (").append(TypedRows.select(columns)).append(")");
        if (!updatable.isEmpty()) {
            sql.append(", u AS (UPDATE ").append(table).append(" AS t SET ").append(assignments(updatable, "s"))
                    .append(" FROM s WHERE ").append(join).append(" AND (").append(TypedRows.textRow("t", updatable))
                    .append(") IS DISTINCT FROM (").append(TypedRows.textRow("s", updatable)).append(") RETURNING false AS inserted)");
        }
        sql.append(", i AS (INSERT INTO ").append(table).append(" (").append(names(columns)).append(')')
                .append(overriding(columns)).append(" SELECT ").append(columns.stream().map(c -> "s." + Identifiers.quote(c.name()))
                        .collect(Collectors.joining(", "))).append(" FROM s WHERE NOT EXISTS (SELECT 1 FROM ").append(table)
                .append(" t WHERE ").append(join).append(") RETURNING true AS inserted)");
        sql.append(" SELECT inserted FROM i");
        if (!updatable.isEmpty()) {
            sql.append(" UNION ALL SELECT inserted FROM u");
        }
        return sql.toString();
    }

    /** Columns an update sets: not the key, and not an identity GENERATED ALWAYS (which an update may not set). */
    private static List<Column> updatable(TableMapping mapping) {
        return mapping.columns().stream().filter(c -> !mapping.keyColumns().contains(c.name()) && !c.identityAlways())
                .toList();
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
    }

    private static String overriding(List<Column> columns) {
        return columns.stream().anyMatch(Column::identityAlways) ? " OVERRIDING SYSTEM VALUE" : "";
    }

    private static String assignments(List<Column> columns, String from) {
        return columns.stream().map(c -> Identifiers.quote(c.name()) + " = " + from + "." + Identifiers.quote(c.name()))
                .collect(Collectors.joining(", "));
    }
}
