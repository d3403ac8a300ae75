package org.supabasemigrator.testsupport.postgrest;

import java.util.List;

/**
 * A GET on a table as parsed from the URL and headers, before it is checked against the catalog.
 *
 * @param select     the select list; {@code [*]} when absent
 * @param order      ORDER BY terms; empty means no ORDER BY at all (PostgREST adds none)
 * @param where      conditions ANDed together (horizontal filters and or=/and= trees)
 * @param offset     first row, from {@code offset} or the {@code Range} header
 * @param limit      page size, or null for no limit (the row cap is applied later)
 * @param countExact {@code Prefer: count=exact}
 */
record ReadRequest(List<SelectItem> select, List<OrderTerm> order, List<Condition> where, long offset, Long limit,
                   boolean countExact) {

    /** {@code column}, {@code column::cast} or {@code alias:column}; column {@code *} selects everything. */
    record SelectItem(String column, String cast, String alias) {
        boolean isStar() {
            return column.equals("*");
        }
    }

    /** {@code nullsFirst} is null when the request left NULLS FIRST/LAST to PostgreSQL's default. */
    record OrderTerm(String column, boolean descending, Boolean nullsFirst) {
    }

    sealed interface Condition permits Filter, Logic {
    }

    /**
     * {@code column=[not.]operator.value}. {@code values} holds the parsed list of {@code in.(...)}, {@code value}
     * the operand of every other operator, verbatim.
     */
    record Filter(String column, boolean negated, String operator, String value, List<String> values) implements Condition {
    }

    /** {@code and(...)} / {@code or(...)}, possibly negated. */
    record Logic(boolean conjunction, boolean negated, List<Condition> children) implements Condition {
    }
}
