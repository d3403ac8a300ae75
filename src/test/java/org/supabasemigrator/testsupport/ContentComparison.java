package org.supabasemigrator.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a table's content in two databases row by row: every row's full text form ({@code t::text}, which
 * prints every column exactly as PostgreSQL stores it), keyed by primary key.
 */
public final class ContentComparison {

    private ContentComparison() {
    }

    /** Rows by primary key text; keyColumns as a SQL expression list, e.g. {@code id} or {@code a, b, c}. */
    public static Map<String, String> rows(TestDatabase db, String table, String keyColumns) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (List<String> row : db.rows("SELECT (" + keyColumns + ")::text, t::text FROM " + table + " t ORDER BY "
                + keyColumns)) {
            rows.put(row.get(0), row.get(1));
        }
        return rows;
    }

    /** Differences between source and target, ignoring the keys listed as expected to be missing in the target. */
    public static List<String> differences(TestDatabase source, TestDatabase target, String table, String keyColumns,
            Set<String> missingInTarget) {
        Map<String, String> expected = rows(source, table, keyColumns);
        Map<String, String> actual = rows(target, table, keyColumns);
        List<String> differences = new ArrayList<>();
        expected.forEach((key, row) -> {
            if (missingInTarget.contains(key)) {
                if (actual.containsKey(key)) {
                    differences.add(table + " " + key + " should not be in the target");
                }
            } else if (!actual.containsKey(key)) {
                differences.add(table + " " + key + " missing in target");
            } else if (!actual.get(key).equals(row)) {
                differences.add(table + " " + key + " differs:\n  source " + row + "\n  target " + actual.get(key));
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add(table + " " + key + " only in target"));
        return differences;
    }

    /**
     * As {@link #differences}, for tables too large to hold in memory: both sides are read in key order through
     * cursors and compared row by row by the MD5 of each row's full text form; at most {@code limit} differing
     * rows are listed. Where the keys stop matching (a row missing or extra), that is reported and the walk ends.
     * First, both databases digest the same in one query each, at once: equal digests of every row's MD5 in key
     * order mean no differences, without moving a row.
     */
    public static List<String> largeTableDifferences(TestDatabase source, TestDatabase target, String table,
            String keyColumns, int limit) {
        String digest = "SELECT count(*) || ' ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY " + keyColumns
                + ")), '') FROM " + table + " t";
        java.util.concurrent.CompletableFuture<List<List<String>>> sourceDigest =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> source.rows(digest));
        List<List<String>> targetDigest = target.rows(digest);
        if (sourceDigest.join().equals(targetDigest)) {
            return List.of();
        }
        String sql = "SELECT (" + keyColumns + ")::text, md5(t::text) FROM " + table + " t ORDER BY " + keyColumns;
        List<String> differences = new ArrayList<>();
        try (java.sql.Connection s = source.connect(); java.sql.Connection t = target.connect()) {
            s.setAutoCommit(false);
            t.setAutoCommit(false);
            try (java.sql.Statement ss = s.createStatement(); java.sql.Statement ts = t.createStatement()) {
                ss.setFetchSize(5_000);
                ts.setFetchSize(5_000);
                try (java.sql.ResultSet expected = ss.executeQuery(sql); java.sql.ResultSet actual = ts.executeQuery(sql)) {
                    long row = 0;
                    while (differences.size() < limit) {
                        boolean e = expected.next();
                        boolean a = actual.next();
                        row++;
                        if (!e && !a) {
                            break;
                        }
                        if (!e || !a || !expected.getString(1).equals(actual.getString(1))) {
                            differences.add(table + ": row " + row + " in key order is " + (e ? expected.getString(1) : "past the end")
                                    + " in the source and " + (a ? actual.getString(1) : "past the end") + " in the target (source "
                                    + source.count("SELECT count(*) FROM " + table) + " rows, target "
                                    + target.count("SELECT count(*) FROM " + table) + ")");
                            break;
                        }
                        if (!expected.getString(2).equals(actual.getString(2))) {
                            differences.add(table + " " + expected.getString(1) + " differs");
                        }
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot compare " + table + ": " + e.getMessage(), e);
        }
        return differences;
    }
}
