package org.supabasemigrator.model;

import java.util.List;

/**
 * A page of source rows, each a view of the page body's bytes, in key order.
 *
 * @param bytes the body's size as received: the next page is sized from it
 */
public record Page(List<SourceRecord> records, int bytes) {

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
