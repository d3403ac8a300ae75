package org.supabasemigrator.bookkeeping;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Comparison;
import org.supabasemigrator.model.Comparison.Difference;
import org.supabasemigrator.model.VerificationReport;
import org.supabasemigrator.model.VerificationReport.Example;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * What verification found, as it goes: per key range the counters beside its checkpoint
 * ({@code sql/advance-verification.sql}), and example rows that are not equal ({@code migrator.row_problem}), so
 * a table's report survives a crash and a resume and is summed when the table ends.
 */
@ApplicationScoped
@Named("verificationStore")
public class VerificationStore {

    /** Examples kept per batch: enough to show what is wrong, never the whole table. */
    static final int EXAMPLES_PER_BATCH = 20;

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public VerificationStore(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    /** Keeps examples of a comparison, in the transaction that records its counters. */
    public void examples(Comparison comparison) {
        examples(comparison.slice().getRunId(), comparison.slice().getTable(), comparison.missing(),
                comparison.different(), comparison.extra());
    }

    private void examples(long runId, String table, List<List<String>> missing, List<Difference> different,
            List<List<String>> extra) {
        List<Object[]> rows = new ArrayList<>();
        missing.stream().limit(EXAMPLES_PER_BATCH).forEach(k -> rows.add(row(runId, table, k, "missing", null)));
        different.stream().limit(EXAMPLES_PER_BATCH).forEach(d -> rows.add(row(runId, table, d.key(), "different", d.columns())));
        extra.stream().limit(EXAMPLES_PER_BATCH).forEach(k -> rows.add(row(runId, table, k, "extra", null)));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO migrator.row_problem (run_id, table_name, key, problem, columns)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
        }
    }

    private static Object[] row(long runId, String table, List<String> key, String problem, List<String> columns) {
        return new Object[] { runId, table, key.toArray(String[]::new), problem,
                columns == null ? null : columns.toArray(String[]::new) };
    }

    /** The table's report: its key ranges' counters summed, and the first examples. */
    public VerificationReport report(long runId, String table, boolean complete, long extraFound) {
        return outage.call("read the verification of " + table, () -> {
            long[] totals = jdbc.queryForObject("SELECT coalesce(sum(rows_equal), 0), coalesce(sum(rows_missing), 0),"
                    + " coalesce(sum(rows_extra), 0), coalesce(sum(rows_different), 0) FROM migrator.slice_checkpoint"
                    + " WHERE run_id = ? AND table_name = ?", (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4) }, runId, table);
            List<Example> examples = jdbc.query("SELECT key, problem, columns FROM migrator.row_problem"
                    + " WHERE run_id = ? AND table_name = ? ORDER BY problem, key LIMIT " + VerificationReport.EXAMPLES,
                    (rs, i) -> new Example(RunStore.textArray(rs.getArray("key")), describe(rs.getString("problem")),
                            rs.getArray("columns") == null ? List.of() : RunStore.textArray(rs.getArray("columns"))),
                    runId, table);
            return new VerificationReport(totals[0], totals[1], totals[2] + extraFound, totals[3], complete, examples);
        });
    }

    /** Forgets what an earlier pass over the table found (a verify run compares it afresh). */
    public void clear(long runId, String table) {
        outage.run("clear the verification of " + table, () -> jdbc.update(
                "DELETE FROM migrator.row_problem WHERE run_id = ? AND table_name = ?", runId, table));
    }

    /** Extra rows found outside the key ranges' passes (keys only the target has, found at the table's end). */
    public void extraExamples(long runId, String table, List<List<String>> keys) {
        outage.run("record rows only the target has in " + table, () -> examples(runId, table, List.of(), List.of(), keys));
    }

    private static String describe(String problem) {
        return switch (problem) {
            case "missing" -> "missing in target";
            case "extra" -> "extra in target (gone from the source)";
            default -> problem;
        };
    }
}
