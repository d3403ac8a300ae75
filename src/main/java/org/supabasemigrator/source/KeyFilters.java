package org.supabasemigrator.source;

import java.util.List;
import java.util.StringJoiner;

/**
 * Key conditions as a PostgREST logic tree: {@code (a, b, c) > (X, Y, Z)} is spelled
 * {@code a.gte.X, or(a.gt.X, and(a.eq.X, b.gt.Y), and(a.eq.X, b.eq.Y, c.gt.Z))}. The leading {@code a.gte.X} adds
 * nothing to the meaning but gives the planner an index condition, so page k costs the same as page 1 on a
 * table of millions of rows; the upper bound of a key range is spelled the same way with {@code lte}.
 */
final class KeyFilters {

    private KeyFilters() {
    }

    /** Conditions for keys after {@code last} (exclusive). */
    static void after(List<String> key, List<String> last, StringJoiner conditions) {
        bound(key, last, "gt", "gte", conditions);
    }

    /** Conditions for keys up to {@code upper} (inclusive). */
    static void upTo(List<String> key, List<String> upper, StringJoiner conditions) {
        if (key.size() == 1) {
            conditions.add(cmp(key.get(0), "lte", upper.get(0)));
            return;
        }
        conditions.add(cmp(key.get(0), "lte", upper.get(0)));
        StringJoiner or = new StringJoiner(",", "or(", ")");
        for (int i = 0; i < key.size(); i++) {
            StringJoiner and = new StringJoiner(",", "and(", ")");
            for (int j = 0; j < i; j++) {
                and.add(cmp(key.get(j), "eq", upper.get(j)));
            }
            and.add(cmp(key.get(i), i == key.size() - 1 ? "lte" : "lt", upper.get(i)));
            or.add(i == 0 ? cmp(key.get(0), "lt", upper.get(0)) : and.toString());
        }
        conditions.add(or.toString());
    }

    private static void bound(List<String> key, List<String> value, String strict, String inclusive,
            StringJoiner conditions) {
        if (key.size() == 1) {
            conditions.add(cmp(key.get(0), strict, value.get(0)));
            return;
        }
        conditions.add(cmp(key.get(0), inclusive, value.get(0)));
        StringJoiner or = new StringJoiner(",", "or(", ")");
        for (int i = 0; i < key.size(); i++) {
            StringJoiner and = new StringJoiner(",", "and(", ")");
            for (int j = 0; j < i; j++) {
                and.add(cmp(key.get(j), "eq", value.get(j)));
            }
            and.add(cmp(key.get(i), strict, value.get(i)));
            or.add(i == 0 ? cmp(key.get(0), strict, value.get(0)) : and.toString());
        }
        conditions.add(or.toString());
    }

    static String cmp(String column, String operator, String value) {
        return Postgrest.name(column) + "." + operator + "." + Postgrest.value(value);
    }

    /** {@code "a"=1, "b"="x"} for messages. */
    static String describe(List<String> key, List<String> values) {
        StringJoiner joiner = new StringJoiner(", ");
        for (int i = 0; i < key.size(); i++) {
            joiner.add(key.get(i) + "=" + values.get(i));
        }
        return joiner.toString();
    }
}
