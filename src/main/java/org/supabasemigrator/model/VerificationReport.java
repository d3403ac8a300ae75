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

    /**
     * The report without the rows only the target has: an incremental run leaves those to its keys pass, which
     * finds every target row gone from the source (and deletes it when asked).
     */
    public VerificationReport withoutExtra() {
        return new VerificationReport(equal, missing, 0, different, complete,
                examples.stream().filter(e -> !e.problem().startsWith("extra")).toList());
    }

    /** Rows the comparison saw in the source. */
    public long sourceRows() {
        return equal + missing + different;
    }
}
