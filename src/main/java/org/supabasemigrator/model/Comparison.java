package org.supabasemigrator.model;

import java.util.List;


/**
 * What comparing source rows (a batch, or the rest of a key range) with the target found.
 *
 * @param upTo      up to which key the slice's rows are now compared (the batch's last key; null when the rest of
 *                  the range was checked)
 * @param equal     rows equal on both sides
 * @param missing   keys of source rows the target lacks
 * @param different source rows the target holds with other values, with the differing columns
 * @param extra     keys of target rows in the compared key range that the source did not send
 */
public record Comparison(Slice slice, List<String> upTo, long equal, List<List<String>> missing,
        List<Difference> different, List<List<String>> extra) {

    /** A row held with other values: its key and the columns that differ. */
    public record Difference(List<String> key, List<String> columns) {
    }

    public String[] getUpToArray() {
        return upTo == null ? null : upTo.toArray(String[]::new);
    }

    public long getMissingCount() {
        return missing.size();
    }

    public long getDifferentCount() {
        return different.size();
    }

    public long getExtraCount() {
        return extra.size();
    }
}
