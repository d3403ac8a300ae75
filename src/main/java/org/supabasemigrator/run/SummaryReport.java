package org.supabasemigrator.run;

import java.util.List;

import org.supabasemigrator.model.RunState;

/** The per-table summary logged at the end of a run, laid out like pgloader's. */
public final class SummaryReport {

    private static final String ROW = "%-24s %10s %10s %10s %10s %9s %10s %9s%n";

    private SummaryReport() {
    }

    public static String format(List<TableSummary> tables) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(ROW, "table name", "source", "read", "written", "dead", "secs", "rows/s", "verified"));
        out.append(String.format(ROW, "-".repeat(24), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(10),
                "-".repeat(9), "-".repeat(10), "-".repeat(9)));
        long source = 0, read = 0, written = 0, dead = 0;
        double seconds = 0;
        for (TableSummary t : tables) {
            out.append(String.format(ROW, t.table(), t.sourceRows() == null ? "-" : t.sourceRows(), t.read(), t.written(),
                    t.deadLettered(), String.format("%.3f", t.seconds()), t.rowsPerSecond(), verified(t)));
            source += t.sourceRows() == null ? 0 : t.sourceRows();
            read += t.read();
            written += t.written();
            dead += t.deadLettered();
            seconds += t.seconds();
        }
        out.append(String.format(ROW, "-".repeat(24), "", "", "", "", "", "", ""));
        out.append(String.format(ROW, "Total", source, read, written, dead, String.format("%.3f", seconds),
                seconds > 0 ? Math.round(written / seconds) : written, ""));
        return out.toString();
    }

    private static String verified(TableSummary t) {
        if (t.state() != RunState.SUCCEEDED) {
            return t.state().name().toLowerCase();
        }
        return Boolean.TRUE.equals(t.verified()) ? "yes" : "no";
    }
}
