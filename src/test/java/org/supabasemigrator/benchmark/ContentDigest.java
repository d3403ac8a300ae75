package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.List;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Compares table content, not just counts, cheaply enough for millions of rows: each row's full text form
 * ({@code t::text}, every column as PostgreSQL prints it) is hashed, and the hashes in primary-key order are
 * hashed again. A hash of hashes keeps the aggregated string at 32 bytes a row, far below PostgreSQL's 1 GB limit
 * for a text value. ({@link SourceDigests} hashes the source once per scenario.)
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

    static Digest of(TestDatabase db, SourceTable table) {
        List<String> row = db.rows("SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY "
                + table.keySql() + ")), '') FROM " + table.quotedName() + " t").get(0);
        return new Digest(Long.parseLong(row.get(0)), row.get(1));
    }

    /** Every table of {@code tables} in the target against the source's digests, in that order. */
    static List<Comparison> compareAll(List<SourceTable> tables, List<Digest> sourceDigests, TestDatabase target) {
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Digest actual = of(target, tables.get(i));
            Digest expected = sourceDigests.get(i);
            comparisons.add(new Comparison(tables.get(i).name(), expected, actual, expected.equals(actual)));
        }
        return comparisons;
    }
}
