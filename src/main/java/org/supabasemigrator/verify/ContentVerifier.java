package org.supabasemigrator.verify;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.run.MigrationRunner;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.run.TableRun;
import org.supabasemigrator.sink.RowBatch;
import org.supabasemigrator.transform.TableMapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Content verification, called by the {@code verify-table} route: every source page (keyset-paged, as for
 * the copy) is compared row by row with the target rows of the same keys inside the target database; the
 * keys are staged so rows only the target has are counted at the end. A table is verified only when every
 * row is equal.
 */
@ApplicationScoped
@Named("contentVerifier")
public class ContentVerifier {

    public static final String REPORT = "verificationReport";
    public static final String RANGES = "scanRanges";
    private static final Logger LOG = Logger.getLogger(ContentVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final SourceKeys keys;
    private final RunStore runs;
    private final MigrationRunner runner;

    public ContentVerifier(DataSource dataSource, SourceKeys keys, RunStore runs, MigrationRunner runner) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.keys = keys;
        this.runs = runs;
        this.runner = runner;
    }

    /** Opens a pass over the whole table; the body becomes its key ranges, read in parallel. */
    public List<SliceCursor> start(@ExchangeProperty("tableRun") TableRun table, Exchange exchange) {
        keys.clear(table.getRunId(), table.getTable());
        exchange.setProperty(REPORT, new VerificationReport());
        List<SliceCursor> ranges = runner.scanRanges(table, false);
        exchange.setProperty(RANGES, ranges);
        return ranges;
    }

    public void comparePage(@ExchangeProperty("tableRun") TableRun table,
            @ExchangeProperty(REPORT) VerificationReport report, RowBatch page) {
        TableMapping mapping = table.getMapping();
        List<Object> args = new ArrayList<>();
        page.forEach(args::add);
        List<Problem> problems = jdbc.query(ComparisonStatements.comparePage(mapping), (rs, i) -> new Problem(
                SourceKeys.strings(rs.getArray("key")), rs.getBoolean("missing") ? null : SourceKeys.strings(rs.getArray("differing"))),
                args.toArray());
        keys.stage(table.getRunId(), mapping, page);
        // counted only once the page's statements went through: a page retried after a lost connection counts once
        for (Problem problem : problems) {
            if (problem.differing() == null) {
                report.missing(problem.key());
            } else {
                report.different(problem.key(), problem.differing());
            }
        }
        report.countEqual(page.getSize() - problems.size());
    }

    /** A source row the target lacks ({@code differing} null) or holds with other values in those columns. */
    private record Problem(List<String> key, List<String> differing) {
    }

    /** Counts the target's rows the source did not show, records the report and whether the table is verified. */
    public VerificationReport finish(@ExchangeProperty("tableRun") TableRun table,
            @ExchangeProperty(RANGES) List<SliceCursor> ranges, @ExchangeProperty(REPORT) VerificationReport report) {
        if (ranges.stream().allMatch(SliceCursor::isEndReached)) {
            TableMapping mapping = table.getMapping();
            long extra = keys.countExtra(table.getRunId(), mapping);
            report.extra(extra, extra == 0 ? List.of() : keys.extraKeys(table.getRunId(), mapping, VerificationReport.EXAMPLES));
            report.complete();
        }
        keys.clear(table.getRunId(), table.getTable());
        runs.tableVerified(table.getRunId(), table.getTable(), report.isContentEqual(), json(report));
        LOG.infof("Table %s verified row by row: %d equal, %d missing, %d extra, %d different%s", table.getTable(),
                report.getEqual(), report.getMissing(), report.getExtra(), report.getDifferent(),
                report.isComplete() ? "" : " (pass stopped before the end)");
        return report;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
