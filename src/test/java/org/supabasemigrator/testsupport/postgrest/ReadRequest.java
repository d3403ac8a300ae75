package org.supabasemigrator.testsupport.postgrest;

import java.util.List;

/**
 * A GET on a table as PostgREST's query-string grammar ({@code QueryParams.hs}) reads it, before any
 * catalog lookup: the types mirror PostgREST's {@code ApiRequest/Types.hs}.
 *
 * @param select the select forest; empty means {@code *}
 * @param order  ORDER BY terms of the root; empty means no ORDER BY at all (PostgREST adds none)
 * @param where  conditions ANDed together: horizontal filters and logic trees of the root
 * @param range  the requested rows of the root (limit/offset and Range header), before db-max-rows
 * @param count  the {@code Prefer: count=} preference, or null
 * @param canonicalQuery the query string sorted by key, for {@code Content-Location}
 */
record ReadRequest(List<SelectNode> select, List<OrderTerm> order, List<Condition> where, PageRange range,
                   Count count, String canonicalQuery) {

    enum Count {
        EXACT("count=exact"), PLANNED("count=planned"), ESTIMATED("count=estimated");

        final String preference;

        Count(String preference) {
            this.preference = preference;
        }
    }

    /** A column and an optional JSON path: {@code data->a->>b}. */
    record Field(String name, List<JsonStep> path) {
        Field {
            path = List.copyOf(path);
        }

        /** The JSON key PostgREST names a select item with a JSON path after (the last key). */
        String lastKey() {
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i).key() != null) {
                    return path.get(i).key();
                }
            }
            return name;
        }
    }

    /** {@code ->key}, {@code ->>key}, {@code ->0}: exactly one of key and index is set; index keeps its sign. */
    record JsonStep(boolean asText, String key, String index) {
    }

    sealed interface SelectNode permits SelectField, SelectRelation {
    }

    /**
     * {@code alias:field->path::cast.aggregate()::aggregateCast}; {@code star} for {@code *}, {@code countStar}
     * for {@code count()}.
     */
    record SelectField(Field field, String cast, String aggregate, String aggregateCast, String alias, boolean star,
                       boolean countStar) implements SelectNode {
    }

    /** {@code alias:relation!hint!inner(...)} or {@code ...relation(...)}: resource embedding. */
    record SelectRelation(String name, String alias, boolean spread, List<SelectNode> children) implements SelectNode {
    }

    /** {@code field.desc.nullslast}; direction and nulls are null when not given. relation is set for {@code rel(field)}. */
    record OrderTerm(String relation, Field field, String direction, String nulls) {
    }

    sealed interface Condition permits Filter, Logic {
    }

    /** {@code field=[not.]operation}. */
    record Filter(Field field, boolean negated, Operation operation) implements Condition {
    }

    /** {@code and(...)} / {@code or(...)}, possibly negated. */
    record Logic(boolean conjunction, boolean negated, List<Condition> children) implements Condition {
    }

    sealed interface Operation permits Simple, Quantified, Is, IsDistinct, In, Fts {
    }

    /** neq, cs, cd, ov, sl, sr, nxr, nxl, adj: {@code sql} is the SQL operator. */
    record Simple(String sql, String value) implements Operation {
    }

    /** eq, gt, gte, lt, lte, like, ilike, match, imatch, optionally with {@code (any)} / {@code (all)}. */
    record Quantified(String name, String sql, String quantifier, String value) implements Operation {
        boolean isLike() {
            return name.equals("like") || name.equals("ilike");
        }
    }

    /** {@code is.null} etc.; keyword is the SQL after IS. */
    record Is(String keyword) implements Operation {
    }

    record IsDistinct(String value) implements Operation {
    }

    /** {@code in.(a,"b,c")}; {@code in.()} is the list {@code [""]}, as PostgREST parses it. */
    record In(List<String> values) implements Operation {
    }

    /** fts, plfts, phfts, wfts: {@code function} is the tsquery function. */
    record Fts(String function, String language, String value) implements Operation {
    }
}
