package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;

import org.supabasemigrator.bookkeeping.SliceRecord;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.source.SourceRequest;

/**
 * How a table's key space is cut into ranges read in parallel: ranges already recorded (a resume), ranges cut at
 * computed values, or cuts still to be read from the source at row offsets ({@link #getSamples()}), which the
 * {@code copy-table} route reads and adds with {@link #cutAt}.
 */
public final class KeyRanges {

    private final Slice.Purpose purpose;
    private final List<SliceRecord> recorded;
    private final List<SourceRequest> samples;
    private final List<List<String>> cuts = new ArrayList<>();
    private final int firstPageLimit;

    private KeyRanges(Slice.Purpose purpose, List<SliceRecord> recorded, List<List<String>> cuts,
            List<SourceRequest> samples, int firstPageLimit) {
        this.purpose = purpose;
        this.recorded = recorded;
        this.samples = samples;
        this.cuts.addAll(cuts);
        this.firstPageLimit = firstPageLimit;
    }

    /** The ranges a earlier start of the table recorded, with their checkpoints. */
    static KeyRanges recorded(List<SliceRecord> recorded, int firstPageLimit) {
        return new KeyRanges(null, recorded, List.of(), List.of(), firstPageLimit);
    }

    /** Ranges cut at known keys (none: the table is read as one range). */
    static KeyRanges cutAt(Slice.Purpose purpose, List<List<String>> cuts, int firstPageLimit) {
        return new KeyRanges(purpose, null, cuts, List.of(), firstPageLimit);
    }

    /** Ranges cut at the keys the source holds at these row offsets, once read. */
    static KeyRanges sampled(Slice.Purpose purpose, List<SourceRequest> samples, int firstPageLimit) {
        return new KeyRanges(purpose, null, List.of(), samples, firstPageLimit);
    }

    /** Requests for keys at row offsets, where ranges are to be cut; empty when none are needed. */
    public List<SourceRequest> getSamples() {
        return samples;
    }

    public boolean isSampling() {
        return !samples.isEmpty();
    }

    /** Adds the keys read at the row offsets (null where the source could not say), in key order. */
    void cutAt(List<List<String>> keys) {
        keys.stream().filter(k -> k != null && (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(k))).forEach(cuts::add);
    }

    boolean isRecorded() {
        return recorded != null;
    }

    /** The ranges: recorded ones, or ranges between the cuts (the first from the start, the last to the end). */
    List<SliceRecord> ranges() {
        if (recorded != null) {
            return recorded;
        }
        List<SliceRecord> ranges = new ArrayList<>();
        List<String> lower = null;
        for (int i = 0; i <= cuts.size(); i++) {
            List<String> upper = i < cuts.size() ? cuts.get(i) : null;
            ranges.add(SliceRecord.planned(i, purpose, lower, upper));
            lower = upper;
        }
        return ranges;
    }

    int firstPageLimit() {
        return firstPageLimit;
    }
}
