package org.supabasemigrator.testsupport.postgrest;

import com.fasterxml.jackson.databind.JsonNode;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Count;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Field;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Filter;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Fts;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.In;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Is;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.IsDistinct;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.JsonStep;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Logic;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.OrderTerm;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Quantified;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectField;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Simple;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Column;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Table;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL for one page, built as PostgREST builds it ({@code Query/QueryBuilder.hs}, {@code SqlFragment.hs},
 * {@code Statements.mainRead}): the page in a {@code pgrst_source} CTE, the database aggregating it with
 * {@code json_agg} into the response body, columns qualified with their table, and every value from the URL
 * an untyped (unknown) literal that PostgreSQL resolves against the column's type, so a bad value, an unknown
 * column or an operator a type lacks fail in PostgreSQL's words, as they do behind PostgREST.
 *
 * <p>The connection must send string parameters untyped ({@code stringtype=unspecified}).
 */
final class ReadQuery {

    /** One page: its row count, the JSON array as UTF-8 bytes, and the total when one was asked for. */
    record Page(long rows, byte[] body, Long total) {
    }

    /** SQL text with its parameters, in order. */
    private static final class Snippet {
        final StringBuilder sql = new StringBuilder();
        final List<String> params = new ArrayList<>();

        Snippet add(String text) {
            sql.append(text);
            return this;
        }

        Snippet param(String value) {
            sql.append('?');
            params.add(value);
            return this;
        }
    }

    private final Table table;
    private final String qualified;
    private final Count count;
    private final Long maxRows;
    private final String mainSql;
    private final List<String> mainParams;
    private final Snippet countQuery;

    /**
     * @param table     the relation read
     * @param request   the parsed request
     * @param range     the rows to read after db-max-rows ({@link PageRange#ALL}: no LIMIT/OFFSET)
     * @param maxRows   db-max-rows, or null when there is none (for count=estimated)
     * @param security  the row-level security condition to add, or null (emulates RLS for a role subject to it)
     */
    ReadQuery(Table table, ReadRequest request, PageRange range, Long maxRows, String security) {
        this.table = table;
        this.qualified = table.qualifiedName();
        this.count = request.count();
        this.maxRows = maxRows;

        Snippet select = new Snippet().add("SELECT ");
        List<SelectField> fields = request.select().isEmpty()
                ? List.of(new SelectField(new Field("*", List.of()), null, null, null, null, true, false))
                : request.select().stream().map(SelectField.class::cast).toList();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                select.add(", ");
            }
            selectItem(select, fields.get(i));
        }
        select.add(" FROM ").add(qualified);
        where(select, request.where(), security);
        select.add(" ");
        if (!request.order().isEmpty()) {
            select.add("ORDER BY ");
            for (int i = 0; i < request.order().size(); i++) {
                OrderTerm term = request.order().get(i);
                if (i > 0) {
                    select.add(", ");
                }
                field(select, term.field(), false, null);
                select.add(" ").add(term.direction() == null ? "" : term.direction())
                        .add(term.direction() != null && term.nulls() != null ? " " : "")
                        .add(term.nulls() == null ? "" : term.nulls());
            }
        }
        select.add(" ");
        if (!range.isAll()) {
            BigInteger limit = range.limit();
            select.add("LIMIT ");
            if (limit == null) {
                select.add("ALL");
            } else {
                select.param(limit.toString());
            }
            select.add(" OFFSET ").param(range.offset().toString());
        }

        countQuery = new Snippet().add("SELECT 1 FROM ").add(qualified);
        where(countQuery, request.where(), security);

        Snippet main = new Snippet().add("WITH pgrst_source AS ( ").add(select.sql.toString()).add(" ) ");
        List<String> params = new ArrayList<>(select.params);
        String total = "null::bigint";
        if (count == Count.EXACT || count == Count.ESTIMATED) {
            main.add(", pgrst_source_count AS (").add(countQuery.sql.toString());
            if (count == Count.ESTIMATED && maxRows != null) {
                main.add(" LIMIT " + (maxRows + 1)); // so that exceeding max-rows shows
            }
            main.add(") ");
            params.addAll(countQuery.params);
            total = "(SELECT pg_catalog.count(*) FROM pgrst_source_count)";
        }
        main.add("SELECT ").add(total).add(" AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, ")
                .add("coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text AS body ")
                .add("FROM ( SELECT * FROM pgrst_source ) _postgrest_t");
        this.mainSql = main.sql.toString();
        this.mainParams = params;
    }

    String sql() {
        return mainSql;
    }

    /**
     * Runs the page query, then, for {@code count=planned} and {@code count=estimated}, PostgREST's second
     * statement: {@code EXPLAIN (FORMAT JSON)} of the count query, whose top node's "Plan Rows" is the estimate.
     */
    Page fetch(Connection connection) throws SQLException {
        long rows;
        byte[] body;
        Long total;
        try (PreparedStatement st = prepare(connection, mainSql, mainParams); ResultSet rs = st.executeQuery()) {
            rs.next();
            long exact = rs.getLong(1);
            total = rs.wasNull() ? null : exact;
            rows = rs.getLong(2);
            // getBytes on a text column hands over the wire bytes (UTF-8): no decoding and re-encoding of the body.
            body = rs.getBytes(3);
        }
        if (count == Count.PLANNED || count == Count.ESTIMATED) {
            Long planned = explain(connection);
            if (count == Count.PLANNED) {
                total = planned;
            } else if (maxRows == null || (total != null && total > maxRows)) {
                // MainTx: above max-rows the larger of the (limited) exact count and the planner's estimate
                total = total == null || planned == null ? null : Math.max(total, planned);
            }
        }
        return new Page(rows, body, total);
    }

    private Long explain(Connection connection) throws SQLException {
        try (PreparedStatement st = prepare(connection, "EXPLAIN (FORMAT JSON) " + countQuery.sql, countQuery.params);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            JsonNode plan = Json.MAPPER.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows");
            return plan.isNumber() ? plan.longValue() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<String> params) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            st.setString(i + 1, params.get(i));
        }
        return st;
    }

    private void selectItem(Snippet sql, SelectField item) {
        if (item.star()) {
            sql.add(qualified).add(".*");
            return;
        }
        if (item.cast() != null) {
            // PostgREST does not quote the cast (so that int, bigint work); the grammar only lets names through
            sql.add("CAST( ");
            field(sql, item.field(), false, null);
            sql.add(" AS ").add(item.cast()).add(" )");
        } else {
            field(sql, item.field(), false, null);
        }
        String alias = item.alias();
        if (alias == null && !item.field().path().isEmpty()) {
            alias = item.field().lastKey(); // select=data->a->>b is named b
        }
        if (alias != null) {
            sql.add(" AS ").add(Sql.ident(alias));
        }
    }

    /** pgFmtField: the qualified column, its JSON path (through to_jsonb unless json/jsonb), to_tsvector for fts. */
    private void field(Snippet sql, Field field, boolean tsvector, String language) {
        Column column = table.column(field.name());
        String type = column == null ? null : column.dataType();
        boolean wrapTs = tsvector && !"tsvector".equals(type);
        if (wrapTs) {
            sql.add("to_tsvector(");
            if (language != null) {
                sql.param(language).add(", ");
            }
        }
        String ident = qualified + "." + Sql.ident(field.name());
        if (field.path().isEmpty()) {
            sql.add(ident);
        } else {
            boolean json = "json".equals(type) || "jsonb".equals(type);
            sql.add(json ? ident : "to_jsonb(" + ident + ")");
            for (JsonStep step : field.path()) {
                sql.add(step.asText() ? "->>" : "->");
                if (step.key() != null) {
                    sql.param(step.key());
                } else {
                    sql.param(step.index()).add("::int");
                }
            }
        }
        if (wrapTs) {
            sql.add(")");
        }
    }

    private void where(Snippet sql, List<Condition> conditions, String security) {
        if (conditions.isEmpty() && security == null) {
            return;
        }
        sql.add(" WHERE ");
        for (int i = 0; i < conditions.size(); i++) {
            if (i > 0) {
                sql.add(" AND ");
            }
            condition(sql, conditions.get(i));
        }
        if (security != null) {
            sql.add(conditions.isEmpty() ? "" : " AND ").add("(").add(security).add(")");
        }
    }

    private void condition(Snippet sql, Condition condition) {
        if (condition instanceof Logic logic) {
            sql.add(logic.negated() ? "NOT" : "").add(" (");
            for (int i = 0; i < logic.children().size(); i++) {
                if (i > 0) {
                    sql.add(logic.conjunction() ? " AND " : " OR ");
                }
                condition(sql, logic.children().get(i));
            }
            sql.add(")");
            return;
        }
        Filter filter = (Filter) condition;
        sql.add(filter.negated() ? "NOT" : "").add(" ");
        if (filter.operation() instanceof Fts fts) {
            field(sql, filter.field(), true, fts.language());
            sql.add(" @@ ").add(fts.function()).add("(");
            if (fts.language() != null) {
                sql.param(fts.language()).add(", ");
            }
            sql.param(fts.value()).add(") ");
            return;
        }
        field(sql, filter.field(), false, null);
        ReadRequest.Operation operation = filter.operation();
        if (operation instanceof Simple op) {
            sql.add(" ").add(op.sql()).add(" ").param(op.value());
        } else if (operation instanceof Quantified op) {
            sql.add(" ").add(op.sql()).add(" ");
            String value = op.isLike() ? op.value().replace('*', '%') : op.value();
            if (op.quantifier() == null) {
                sql.param(value);
            } else {
                sql.add(op.quantifier()).add("(").param(value).add(")");
            }
        } else if (operation instanceof Is op) {
            sql.add(" IS ").add(op.keyword());
        } else if (operation instanceof IsDistinct op) {
            sql.add(" IS DISTINCT FROM ").param(op.value());
        } else if (operation instanceof In op) {
            if (op.values().size() == 1 && op.values().get(0).isEmpty()) {
                sql.add(" = ANY('{}') ");
            } else {
                sql.add(" = ANY (").param(arrayLiteral(op.values())).add(") ");
            }
        }
    }

    /** pgBuildArrayLiteral: {@code {"a","b \"c\""}}, NUL characters dropped. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            String value = values.get(i).replace("\u0000", "").replace("\\", "\\\\").replace("\"", "\\\"");
            literal.append('"').append(value).append('"');
        }
        return literal.append('}').toString();
    }
}
