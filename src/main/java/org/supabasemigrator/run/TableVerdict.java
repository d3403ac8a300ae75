package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.VerificationReport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * What is wrong with a table that was read to its end, from what the bookkeeping holds now: rows in the dead
 * letters, rows the verification found missing, different or only in the target, rows gone from the source and
 * kept. Judged when the table closes and again when the run ends, since the reference check, the replay of rows
 * whose parent came later and the keys pass of an incremental run all change the facts after a table closed.
 */
@ApplicationScoped
public class TableVerdict {

    /** A table's judgement: SUCCEEDED with no problem, else INCOMPLETE with each problem named. */
    public record Verdict(RunState state, String error, Boolean verified) {
    }

    private final ObjectReader reports;

    public TableVerdict(ObjectMapper json) {
        // the report as recorded also carries its derived properties (contentEqual, sourceRows)
        this.reports = json.readerFor(VerificationReport.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public Verdict judge(TableRecord table) {
        return judge(table, report(table));
    }

    /** With the table's verification report (null where it was not verified). */
    public Verdict judge(TableRecord table, VerificationReport report) {
        List<String> problems = new ArrayList<>();
        if (table.deadLettered() > 0) {
            problems.add(table.deadLettered() + " dead-lettered row(s)");
        }
        if (report != null) {
            if (report.missing() > 0) {
                problems.add(report.missing() + " row(s) missing in the target");
            }
            if (report.different() > 0) {
                problems.add(report.different() + " row(s) different");
            }
            if (report.extra() > 0) {
                problems.add(report.extra() + " row(s) only in the target");
            }
        }
        long kept = orZero(table.missingInSource()) - orZero(table.deleted());
        if (kept > 0) {
            problems.add(kept + " row(s) only in the target, gone from the source (\"deleteMissing\": true deletes them)");
        }
        Boolean verified = report == null ? null : report.isContentEqual() && table.deadLettered() == 0;
        return new Verdict(problems.isEmpty() ? RunState.SUCCEEDED : RunState.INCOMPLETE,
                problems.isEmpty() ? null : String.join(", ", problems), verified);
    }

    private VerificationReport report(TableRecord table) {
        if (table.verification() == null) {
            return null;
        }
        try {
            return reports.readValue(table.verification());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verification of " + table.table() + " is not readable", e);
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
