package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.supabasemigrator.transform.TargetRow;

/**
 * Rows of one slice written in one transaction. Iterating it yields the upsert's parameters, one array of
 * values per column; {@link #getLastKey()} is the checkpoint the same transaction records.
 */
public final class RowBatch implements Iterable<String[]> {

    private final List<TargetRow> rows;

    public RowBatch(int capacity) {
        this.rows = new ArrayList<>(capacity);
    }

    public static RowBatch of(TargetRow row) {
        RowBatch batch = new RowBatch(1);
        batch.add(row);
        return batch;
    }

    public void add(TargetRow row) {
        rows.add(row);
    }

    public List<TargetRow> getRows() {
        return rows;
    }

    public int getSize() {
        return rows.size();
    }

    /** Key of the last row: rows arrive in key order, so everything up to it is written once this commits. */
    public String[] getLastKey() {
        return rows.get(rows.size() - 1).key().toArray(String[]::new);
    }

    /** The batch column by column, as {@code UpsertStatement} takes them. */
    @Override
    public Iterator<String[]> iterator() {
        return columns().iterator();
    }

    private List<String[]> columns() {
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
        return columns;
    }

    @Override
    public String toString() {
        return "RowBatch[" + rows.size() + " rows]"; // never the row contents: they may be personal data
    }
}
