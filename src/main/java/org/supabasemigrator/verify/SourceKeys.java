package org.supabasemigrator.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * The source's keys of one keys-only pass, kept in the target database ({@code migrator.source_key}) page by page,
 * so the rows the target has and the source no longer has are found by the database, without holding either key
 * set in memory. Scratch data: a pass that fails (or whose target crashed) starts again from nothing.
 */
@ApplicationScoped
public class SourceKeys {

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public SourceKeys(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    public void clear(long runId, String table) {
        outage.run("clear the staged keys of " + table,
                () -> jdbc.update("DELETE FROM migrator.source_key WHERE run_id = ? AND table_name = ?", runId, table));
    }

    /** Stages a page's keys in one statement; the page's retry (after a dropped connection) stages them again. */
    public void stage(long runId, TableMapping mapping, RowBatch page) {
        List<Object> args = new ArrayList<>();
        args.add(runId);
        args.add(mapping.table());
        List<String> key = mapping.keyColumns();
        for (int k = 0; k < key.size(); k++) {
            String[] values = new String[page.getSize()];
            for (int r = 0; r < values.length; r++) {
                values[r] = page.getRows().get(r).key().get(k);
            }
            args.add(values);
        }
        String names = key.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        jdbc.update("INSERT INTO migrator.source_key (run_id, table_name, key) SELECT ?, ?, ARRAY["
                + key.stream().map(k -> "u." + Identifiers.quote(k)).collect(Collectors.joining(", ")) + "] FROM unnest("
                + key.stream().map(k -> "CAST(? AS text[])").collect(Collectors.joining(", ")) + ") AS u (" + names + ")",
                args.toArray());
    }

    /** How many target rows have a key the pass did not see. */
    public long countExtra(long runId, TableMapping mapping) {
        Long count = outage.call("count rows only the target has in " + mapping.table(), () -> jdbc.queryForObject(
                "SELECT count(*)" + extraRows(mapping), Long.class, runId, mapping.table()));
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} keys of such rows. */
    public List<List<String>> extraKeys(long runId, TableMapping mapping, int limit) {
        return outage.call("list rows only the target has in " + mapping.table(), () -> jdbc.query("SELECT "
                + ComparisonStatements.keyArray("t", mapping) + extraRows(mapping) + " LIMIT " + limit,
                (rs, i) -> ContentVerifier.strings(rs.getArray(1)), runId, mapping.table()));
    }

    /** Deletes those rows from the target; returns how many. */
    public int deleteExtra(long runId, TableMapping mapping) {
        return outage.call("delete rows gone from the source in " + mapping.table(),
                () -> jdbc.update("DELETE" + extraRows(mapping), runId, mapping.table()));
    }

    /** Target rows whose key the source did not show in this run's key pass: {@code FROM ... WHERE ...}. */
    private static String extraRows(TableMapping mapping) {
        List<String> key = mapping.keyColumns();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            String type = mapping.column(mapping.indexOf(key.get(i))).sqlType();
            match.append(" AND CAST(k.key[").append(i + 1).append("] AS ").append(type).append(") = t.")
                    .append(Identifiers.quote(key.get(i)));
        }
        return " FROM " + mapping.target().qualifiedName() + " t WHERE NOT EXISTS (SELECT 1 FROM migrator.source_key k"
                + " WHERE k.run_id = ? AND k.table_name = ?" + match + ")";
    }
}
