package org.supabasemigrator.bookkeeping;

import java.util.List;

import org.supabasemigrator.model.Slice;

/**
 * A key range of a table and its checkpoints: written up to {@code lastKey}, compared up to {@code verifiedKey}.
 *
 * @param lowerKey exclusive lower bound, null = from the first row
 * @param upperKey inclusive upper bound, null = to the last row
 */
public record SliceRecord(int number, Slice.Purpose purpose, List<String> lowerKey, List<String> upperKey,
        List<String> lastKey, List<String> verifiedKey, boolean done) {

    public static SliceRecord planned(int number, Slice.Purpose purpose, List<String> lowerKey, List<String> upperKey) {
        return new SliceRecord(number, purpose, lowerKey, upperKey, null, null, false);
    }
}
