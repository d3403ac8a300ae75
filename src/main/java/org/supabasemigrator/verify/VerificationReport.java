package org.supabasemigrator.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The row-by-row comparison of a table: rows equal, missing in the target, extra in the target (gone from
 * the source), different, and up to {@value #EXAMPLES} example keys with the differing columns.
 */
public final class VerificationReport {

    static final int EXAMPLES = 20;

    /** One row that is not equal on both sides. */
    public record Example(List<String> key, String problem, List<String> columns) {
    }

    private long equal;
    private long missing;
    private long extra;
    private long different;
    private boolean complete;
    private final List<Example> examples = new ArrayList<>();

    public long getEqual() {
        return equal;
    }

    public long getMissing() {
        return missing;
    }

    public long getExtra() {
        return extra;
    }

    public long getDifferent() {
        return different;
    }

    /** False when the pass was stopped before the end of the table: the counts then cover part of it. */
    public boolean isComplete() {
        return complete;
    }

    public List<Example> getExamples() {
        return examples;
    }

    public boolean isContentEqual() {
        return complete && missing == 0 && extra == 0 && different == 0;
    }

    synchronized void countEqual(long rows) {
        equal += rows;
    }

    synchronized void missing(List<String> key) {
        missing++;
        example(new Example(key, "missing in target", List.of()));
    }

    synchronized void different(List<String> key, List<String> columns) {
        different++;
        example(new Example(key, "different", columns));
    }

    synchronized void extra(long rows, List<List<String>> keys) {
        extra = rows;
        keys.forEach(key -> example(new Example(key, "extra in target (gone from the source)", List.of())));
    }

    synchronized void complete() {
        complete = true;
    }

    private synchronized void example(Example example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }
}
