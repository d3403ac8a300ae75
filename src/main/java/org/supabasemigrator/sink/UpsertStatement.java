package org.supabasemigrator.sink;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.catalog.Identifiers;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.transform.TableMapping;

/**
 * The idempotent write of a batch in one statement and one round trip: each column's values travel as one
 * {@code text[]} parameter, are unnested into rows and cast with the column's catalog type, then
 * {@code INSERT ... ON CONFLICT (primary key) DO UPDATE}. Rows already equal in the target are left
 * untouched, so a re-run writes nothing and resumed batches never duplicate; {@code RETURNING} tells rows
 * inserted from rows updated.
 */
public final class UpsertStatement {

    private UpsertStatement() {
    }

    public static String sql(TableMapping mapping) {
        List<TargetColumn> columns = mapping.columns();
        boolean overriding = columns.stream().anyMatch(TargetColumn::identityAlways);
        String names = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        String key = mapping.keyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        List<TargetColumn> updatable = columns.stream().filter(c -> !mapping.keyColumns().contains(c.name())).toList();

        StringBuilder sql = new StringBuilder("INSERT INTO ").append(mapping.target().qualifiedName())
                .append(" AS t (").append(names).append(')')
                .append(overriding ? " OVERRIDING SYSTEM VALUE" : "")
                .append(' ').append(TypedRows.select(columns)).append(" ON CONFLICT (").append(key).append(')');
        if (updatable.isEmpty()) {
            sql.append(" DO NOTHING");
        } else {
            sql.append(" DO UPDATE SET ")
                    .append(updatable.stream().map(c -> Identifiers.quote(c.name()) + " = EXCLUDED." + Identifiers.quote(c.name()))
                            .collect(Collectors.joining(", ")))
                    .append(" WHERE (").append(TypedRows.textRow("t", updatable)).append(") IS DISTINCT FROM (")
                    .append(TypedRows.textRow("EXCLUDED", updatable)).append(')');
        }
        // xmax is 0 only in a row version this statement inserted
        return sql.append(" RETURNING (t.xmax = 0) AS inserted").toString();
    }
}
