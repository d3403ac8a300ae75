package org.supabasemigrator.testsupport.postgrest;

import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Filter;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Logic;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.OrderTerm;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectItem;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Column;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL for one page, built the way PostgREST builds it: the database aggregates the page with
 * {@code json_agg} and returns the response body as a single text value, so numbers, jsonb and arrays
 * come out exactly as PostgreSQL prints them and Java does no per-row work.
 *
 * <p>Every identifier is checked against the schema cache and quoted; every value is a bind parameter,
 * cast to the column's own type ({@code "id" > CAST(? AS "pg_catalog"."int8")}), which is what PostgREST's
 * untyped literals amount to.
 */
final class ReadQuery {

    /** One page: its row count, the JSON array as UTF-8 bytes, and the total when it was counted. */
    record Page(long rows, byte[] body, Long total) {
    }

    private static final Map<String, String> COMPARISONS = Map.of("eq", "=", "neq", "<>", "gt", ">", "gte", ">=",
            "lt", "<", "lte", "<=", "isdistinct", "IS DISTINCT FROM", "cs", "@>", "cd", "<@", "ov", "&&");
    private static final Map<String, String> PATTERNS = Map.of("like", "LIKE", "ilike", "ILIKE", "match", "~",
            "imatch", "~*");
    private static final Map<String, String> IS_VALUES = Map.of("null", "NULL", "not_null", "NOT NULL", "true", "TRUE",
            "false", "FALSE", "unknown", "UNKNOWN");

    private final Table table;
    private final String whereSql;
    private final List<Object> whereParams = new ArrayList<>();
    private final String pageSql;
    private final List<Object> pageParams = new ArrayList<>();
    private final boolean counted;

    /** @param limit the page size after the row cap, or null for no LIMIT */
    ReadQuery(Table table, ReadRequest request, Long limit) {
        this.table = table;
        this.counted = request.countExact();
        StringJoiner where = new StringJoiner(" AND ");
        for (Condition condition : request.where()) {
            where.add(condition(condition));
        }
        this.whereSql = where.length() == 0 ? "" : " WHERE " + where;

        StringBuilder inner = new StringBuilder("SELECT ").append(selectList(request.select()))
                .append(" FROM ").append(table.qualifiedName()).append(whereSql).append(orderBy(request.order()));
        if (limit != null) {
            inner.append(" LIMIT ?");
        }
        if (request.offset() > 0) {
            inner.append(" OFFSET ?");
        }

        StringBuilder sql = new StringBuilder("SELECT pg_catalog.count(*), coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text");
        if (request.countExact()) {
            // The exact total of the filtered set, in the same statement (and snapshot) as the page.
            sql.append(", (").append(countSql()).append(')');
            pageParams.addAll(whereParams);
        }
        sql.append(" FROM (").append(inner).append(") _postgrest_t");
        pageParams.addAll(whereParams);
        if (limit != null) {
            pageParams.add(limit);
        }
        if (request.offset() > 0) {
            pageParams.add(request.offset());
        }
        this.pageSql = sql.toString();
    }

    String sql() {
        return pageSql;
    }

    Page fetch(Connection connection) throws SQLException {
        try (PreparedStatement st = prepare(connection, pageSql, pageParams); ResultSet rs = st.executeQuery()) {
            rs.next();
            // getBytes on a text column hands over the wire bytes (UTF-8): no decoding and re-encoding of the body.
            return new Page(rs.getLong(1), rs.getBytes(2), counted ? rs.getLong(3) : null);
        }
    }

    /** The total of the filtered set, for telling an empty page from an offset past the end. */
    long count(Connection connection) throws SQLException {
        try (PreparedStatement st = prepare(connection, countSql(), whereParams); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String countSql() {
        return "SELECT pg_catalog.count(*) FROM " + table.qualifiedName() + whereSql;
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof Long n) {
                st.setLong(i + 1, n);
            } else {
                st.setString(i + 1, (String) param);
            }
        }
        return st;
    }

    private Column column(String name) {
        Column column = table.column(name);
        if (column == null) {
            throw PostgrestError.unknownColumn(table.name(), name);
        }
        return column;
    }

    private String selectList(List<SelectItem> items) {
        StringJoiner list = new StringJoiner(", ");
        for (SelectItem item : items) {
            if (item.isStar()) {
                list.add("*");
                continue;
            }
            String ident = Sql.ident(column(item.column()).name());
            if (item.cast() == null && item.alias() == null) {
                list.add(ident);
            } else {
                // A cast keeps the column's name as the JSON key, as PostgREST does (raw_data::text -> "raw_data").
                list.add(ident + (item.cast() == null ? "" : "::" + item.cast()) + " AS "
                        + Sql.ident(item.alias() == null ? item.column() : item.alias()));
            }
        }
        return list.toString();
    }

    private String orderBy(List<OrderTerm> terms) {
        if (terms.isEmpty()) {
            return "";
        }
        StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
        for (OrderTerm term : terms) {
            order.add(Sql.ident(column(term.column()).name()) + (term.descending() ? " DESC" : " ASC")
                    + (term.nullsFirst() == null ? "" : term.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"));
        }
        return order.toString();
    }

    private String condition(Condition condition) {
        if (condition instanceof Logic logic) {
            StringJoiner children = new StringJoiner(logic.conjunction() ? " AND " : " OR ", "(", ")");
            logic.children().forEach(child -> children.add(condition(child)));
            return logic.negated() ? "NOT " + children : children.toString();
        }
        Filter filter = (Filter) condition;
        Column column = column(filter.column());
        String ident = Sql.ident(column.name());
        String operator = filter.operator();
        String sql;
        if (COMPARISONS.containsKey(operator)) {
            sql = ident + " " + COMPARISONS.get(operator) + " " + typedParam(column, filter.value());
        } else if (PATTERNS.containsKey(operator)) {
            // PostgREST lets * stand for % in like patterns (% is awkward in URLs).
            whereParams.add(operator.endsWith("like") ? filter.value().replace('*', '%') : filter.value());
            sql = ident + " " + PATTERNS.get(operator) + " ?";
        } else if (operator.equals("is")) {
            sql = ident + " IS " + IS_VALUES.get(filter.value());
        } else if (operator.equals("in")) {
            StringJoiner values = new StringJoiner(", ", ident + " IN (", ")");
            filter.values().forEach(value -> values.add(typedParam(column, value)));
            sql = filter.values().isEmpty() ? "false" : values.toString();
        } else {
            throw new IllegalStateException("operator without SQL: " + operator);
        }
        return filter.negated() ? "NOT (" + sql + ")" : sql;
    }

    private String typedParam(Column column, String value) {
        whereParams.add(value);
        return "CAST(? AS " + column.castType() + ")";
    }
}
