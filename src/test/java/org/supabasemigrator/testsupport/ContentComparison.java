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
}
