package org.supabasemigrator.targetdb;

import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.Identifiers;

/**
 * SQL fragments shared by the statements that take a batch as {@code text[]} parameters, one per column:
 * unnested and cast back into rows of the target's column types, and rows compared as text.
 */
public final class TypedRows {

    private TypedRows() {
    }

    /** {@code SELECT CAST(u.a AS type) AS a, ... FROM unnest(CAST(? AS text[]), ...) AS u (a, ...)}. */
    public static String select(List<Column> columns) {
        String names = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        String casts = columns.stream()
                .map(c -> "CAST(u." + Identifiers.quote(c.name()) + " AS " + c.sqlType() + ") AS " + Identifiers.quote(c.name()))
                .collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "CAST(? AS text[])").collect(Collectors.joining(", "));
        return "SELECT " + casts + " FROM unnest(" + arrays + ") AS u (" + names + ")";
    }

    /**
     * The columns of {@code alias} as a row of texts: compared with IS DISTINCT FROM, exact for every type,
     * including json, which has no equality operator.
     */
    public static String textRow(String alias, List<Column> columns) {
        return columns.stream().map(c -> alias + "." + Identifiers.quote(c.name()) + "::text")
                .collect(Collectors.joining(", "));
    }

    /** {@code alias.k1 = other.k1 AND ...}. */
    public static String keyJoin(String alias, String other, List<String> key) {
        return key.stream().map(k -> alias + "." + Identifiers.quote(k) + " = " + other + "." + Identifiers.quote(k))
                .collect(Collectors.joining(" AND "));
    }
}
