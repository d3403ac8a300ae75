package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.supabasemigrator.transform.TargetRow;

/**
 * Rows of one slice written in one transaction. Iterating it yields each row's parameters for the batched
 * upsert; {@link #getLastKey()} is the checkpoint the same transaction records.
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

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Key of the last row: rows arrive in key order, so everything up to it is written once this commits. */
    public String[] getLastKey() {
        return rows.get(rows.size() - 1).key().toArray(String[]::new);
    }

    @Override
    public Iterator<String[]> iterator() {
        return rows.stream().map(TargetRow::values).iterator();
    }

    @Override
    public String toString() {
        return "RowBatch[" + rows.size() + " rows]"; // never the row contents: they may be personal data
    }
}
