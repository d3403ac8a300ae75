package org.supabasemigrator.run;

import org.supabasemigrator.model.RunState;

/** One line of the end-of-run summary. */
public record TableSummary(String table, RunState state, Long sourceRows, long read, long written, long deadLettered,
        double seconds, Boolean verified) {

    public long rowsPerSecond() {
        return seconds > 0 ? Math.round(written / seconds) : written;
    }
}
