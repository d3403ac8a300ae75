package org.supabasemigrator.model;

import java.util.List;

/**
 * A page of source rows, each a view of the page body's bytes, in key order.
 *
 * @param bytes the body's size as received: the next page is sized from it
 */
public record Page(List<SourceRecord> records, int bytes) {

    /**
     * Records the pipeline's split hands on at a time. Camel's work for an exchange (copying it, scheduling and
     * aggregating it) cost more than transforming a row; in groups of 100 it is a hundredth of it.
     */
    public static final int RECORDS_A_GROUP = 100;

    /** The records in key order, in groups of {@link #RECORDS_A_GROUP} (views of the page, not copies). */
    public List<List<SourceRecord>> getRecordGroups() {
        return Groups.of(records, RECORDS_A_GROUP);
    }

    public int getSize() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public String toString() {
        return "Page[" + records.size() + " rows, " + bytes + " bytes]";
    }
}
