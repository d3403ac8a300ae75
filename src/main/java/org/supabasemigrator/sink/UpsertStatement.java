package org.supabasemigrator.sink;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.transform.TableMapping;

/**
 * The idempotent write of one row: {@code INSERT ... ON CONFLICT (primary key) DO UPDATE}, every value cast
 * with its column's catalog type. Rows already equal in the target are left untouched, so a re-run writes
 * nothing and resumed batches never duplicate.
 */
public final class UpsertStatement {

    private UpsertStatement() {
    }

    public static String sql(TableMapping mapping) {
        List<TargetColumn> columns = mapping.columns();
        boolean overriding = columns.stream().anyMatch(TargetColumn::identityAlways);
        String names = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "CAST(? AS " + c.sqlType() + ")").collect(Collectors.joining(", "));
        String key = mapping.keyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        List<TargetColumn> updatable = columns.stream().filter(c -> !mapping.keyColumns().contains(c.name())).toList();

        StringBuilder sql = new StringBuilder("INSERT INTO ").append(mapping.target().qualifiedName())
                .append(" AS t (").append(names).append(')')
                .append(overriding ? " OVERRIDING SYSTEM VALUE" : "")
                .append(" VALUES (").append(values).append(") ON CONFLICT (").append(key).append(')');
        if (updatable.isEmpty()) {
            return sql.append(" DO NOTHING").toString();
        }
        sql.append(" DO UPDATE SET ")
                .append(updatable.stream().map(c -> Identifiers.quote(c.name()) + " = EXCLUDED." + Identifiers.quote(c.name()))
                        .collect(Collectors.joining(", ")))
                // compared as text: exact for every type, including json, which has no equality operator
                .append(" WHERE (").append(textRow("t", updatable)).append(") IS DISTINCT FROM (")
                .append(textRow("EXCLUDED", updatable)).append(')');
        return sql.toString();
    }

    private static String textRow(String alias, List<TargetColumn> columns) {
        return columns.stream().map(c -> alias + "." + Identifiers.quote(c.name()) + "::text")
                .collect(Collectors.joining(", "));
    }
}
