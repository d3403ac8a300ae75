package org.supabasemigrator.bookkeeping;

import java.util.List;

/** A key range of a table and its checkpoint: reading resumes after {@code lastKey}, else after {@code lowerKey}. */
public record SliceRecord(int number, List<String> lowerKey, List<String> upperKey, List<String> lastKey, boolean done) {

    public List<String> resumeAfter() {
        return lastKey != null ? lastKey : lowerKey;
    }
}
