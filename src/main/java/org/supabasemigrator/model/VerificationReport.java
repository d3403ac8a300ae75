package org.supabasemigrator.model;

import java.util.List;

/**
 * The row-by-row comparison of a table: rows equal, missing in the target, extra in the target (gone from the
 * source), different, and up to {@value #EXAMPLES} example keys with the differing columns.
 *
 * @param complete false when the pass stopped before the end of the table: the counts then cover part of it
 */
public record VerificationReport(long equal, long missing, long extra, long different, boolean complete,
        List<Example> examples) {

    public static final int EXAMPLES = 20;

    /** One row that is not equal on both sides. */
    public record Example(List<String> key, String problem, List<String> columns) {
    }

    public boolean isContentEqual() {
        return complete && missing == 0 && extra == 0 && different == 0;
    }

    /** Rows the comparison saw in the source. */
    public long sourceRows() {
        return equal + missing + different;
    }
}
