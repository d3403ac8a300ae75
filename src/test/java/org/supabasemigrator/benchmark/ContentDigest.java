package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Compares table content, not just counts, cheaply enough for millions of rows: each row's full text form
 * ({@code t::text}) is hashed, and the hashes in key order are hashed again. A hash of hashes keeps the
 * aggregated string at 32 bytes a row, far below PostgreSQL's 1 GB limit for a text value.
 */
final class ContentDigest {

    /** A table's row count and content hash. */
    record Digest(long rows, String md5) {
    }

    /** One table compared: equal when both count and hash match. */
    record Comparison(String table, Digest source, Digest target, boolean equal) {
    }

    private ContentDigest() {
    }

    static Digest of(TestDatabase db, String table, String keyColumns) {
        List<String> row = db.rows("SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY " + keyColumns
                + ")), '') FROM " + table + " t").get(0);
        return new Digest(Long.parseLong(row.get(0)), row.get(1));
    }

    static Comparison compare(TestDatabase source, TestDatabase target, String table, String keyColumns) {
        Digest expected = of(source, table, keyColumns);
        Digest actual = of(target, table, keyColumns);
        return new Comparison(table, expected, actual, expected.equals(actual));
    }

    /** Every table, keyed as {@code tables} says (table -> key columns), in that order. */
    static List<Comparison> compareAll(TestDatabase source, TestDatabase target, Map<String, String> tables) {
        List<Comparison> comparisons = new ArrayList<>();
        new LinkedHashMap<>(tables).forEach((table, key) -> comparisons.add(compare(source, target, table, key)));
        return comparisons;
    }
}
