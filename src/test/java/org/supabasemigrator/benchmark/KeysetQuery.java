package org.supabasemigrator.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/**
 * The query string of a keyset page request, spelled as the service spells it (source/PageQueries and
 * KeyFilters), written out again here so the reference does not lean on the code it measures:
 * {@code select=<list>&order="a".asc,"b".asc&and=(<keys after the last>)&limit=1000}, where keys after
 * {@code (X, Y)} read {@code "a".gte."X",or("a".gt."X",and("a".eq."X","b".gt."Y"))} (the leading {@code gte} gives
 * the planner an index condition; a single-column key is just {@code "a".gt."X"}). Names and values are
 * double-quoted, as PostgREST's grammar reads them.
 */
final class KeysetQuery {

    private KeysetQuery() {
    }

    /** @param last the previous page's last key values, or null for the first page */
    static String page(SourceTable table, List<String> last, int limit) {
        StringJoiner query = new StringJoiner("&");
        query.add("select=" + encode(table.selectList()));
        StringJoiner order = new StringJoiner(",");
        table.keyColumns().forEach(k -> order.add(quote(k) + ".asc"));
        query.add("order=" + encode(order.toString()));
        if (last != null) {
            query.add("and=" + encode("(" + after(table.keyColumns(), last) + ")"));
        }
        query.add("limit=" + limit);
        return query.toString();
    }

    static String after(List<String> key, List<String> last) {
        if (key.size() == 1) {
            return cmp(key.get(0), "gt", last.get(0));
        }
        StringJoiner or = new StringJoiner(",", "or(", ")");
        for (int i = 0; i < key.size(); i++) {
            if (i == 0) {
                or.add(cmp(key.get(0), "gt", last.get(0)));
                continue;
            }
            StringJoiner and = new StringJoiner(",", "and(", ")");
            for (int j = 0; j < i; j++) {
                and.add(cmp(key.get(j), "eq", last.get(j)));
            }
            and.add(cmp(key.get(i), "gt", last.get(i)));
            or.add(and.toString());
        }
        return cmp(key.get(0), "gte", last.get(0)) + "," + or;
    }

    private static String cmp(String column, String operator, String value) {
        return quote(column) + "." + operator + "." + quote(value);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
