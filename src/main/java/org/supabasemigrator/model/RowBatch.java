package org.supabasemigrator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows of one slice written in one transaction, in key order. Iterating it yields the upsert's parameters, one
 * array of values per column; {@link #getLastKey()} is where the same transaction moves the checkpoint.
 */
public final class RowBatch implements Iterable<String[]> {

    private final List<TargetRow> rows;
    private final RowBatch parent;
    private final Set<List<String>> refused = ConcurrentHashMap.newKeySet();

    public RowBatch(List<TargetRow> rows) {
        this(rows, null);
    }

    private RowBatch(List<TargetRow> rows, RowBatch parent) {
        this.rows = List.copyOf(rows);
        this.parent = parent;
    }

    public static RowBatch of(TargetRow row) {
        return new RowBatch(List.of(row));
    }

    /** The batch's rows as batches of one, each written on its own after the batch was refused as a whole. */
    public List<RowBatch> oneByOne() {
        return rows.stream().map(row -> new RowBatch(List.of(row), this)).toList();
    }

    public List<TargetRow> getRows() {
        return rows;
    }

    public int getSize() {
        return rows.size();
    }

    public List<String> getFirstKey() {
        return rows.get(0).key();
    }

    /** Key of the last row: rows arrive in key order, so everything up to it is written once this commits. */
    public List<String> getLastKey() {
        return rows.get(rows.size() - 1).key();
    }

    /** A row of the batch went to the dead letters instead of the target (noted on the batch it came from). */
    public void refused(TargetRow row) {
        refused.add(row.key());
        if (parent != null) {
            parent.refused(row);
        }
    }

    public boolean isRefused(TargetRow row) {
        return !refused.isEmpty() && refused.contains(row.key());
    }

    public Set<List<String>> getRefused() {
        return Collections.unmodifiableSet(refused);
    }

    /** The batch column by column, as the statements that take {@code text[]} parameters want them. */
    @Override
    public Iterator<String[]> iterator() {
        List<String[]> columns = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] values = rows.get(r).values();
            if (r == 0) {
                for (int c = 0; c < values.length; c++) {
                    columns.add(new String[rows.size()]);
                }
            }
            for (int c = 0; c < values.length; c++) {
                columns.get(c)[r] = values[c];
            }
        }
        return columns.iterator();
    }

    @Override
    public String toString() {
        return "RowBatch[" + rows.size() + " rows]"; // never the row contents: they may be personal data
    }
}
