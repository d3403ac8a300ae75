package org.supabasemigrator.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;

/**
 * Reading position in one key range of a table. The source is paged by primary key ({@code key > last read}),
 * so pages stay cheap however deep the table and rows added meanwhile are neither skipped nor doubled. The
 * range is over only when a page comes back empty: the source may cap pages below the size asked.
 */
public final class SliceCursor {

    private final TableRun table;
    private final int number;
    private final boolean keysOnly;
    private final List<String> upperKey;
    private volatile List<String> lastRead;
    private volatile boolean endReached;
    private volatile boolean bulkLoad;
    private volatile CompletableFuture<Exchange> pageAhead;

    /**
     * @param lastRead where reading resumes: the range's exclusive lower bound or its checkpoint; null = start
     * @param upperKey inclusive upper bound, null = up to the last row
     */
    public SliceCursor(TableRun table, int number, List<String> lastRead, List<String> upperKey) {
        this(table, number, lastRead, upperKey, false);
    }

    /** A cursor for a pass that checks rather than copies, over one key range; {@code keysOnly} reads only keys. */
    public static SliceCursor scan(TableRun table, List<String> lowerKey, List<String> upperKey, boolean keysOnly) {
        return new SliceCursor(table, -1, lowerKey, upperKey, keysOnly);
    }

    private SliceCursor(TableRun table, int number, List<String> lastRead, List<String> upperKey, boolean keysOnly) {
        this.table = table;
        this.number = number;
        this.keysOnly = keysOnly;
        this.lastRead = lastRead;
        this.upperKey = upperKey;
    }

    public TableRun getTableRun() {
        return table;
    }

    public String getTable() {
        return table.getTable();
    }

    public long getRunId() {
        return table.getRunId();
    }

    public int getNumber() {
        return number;
    }

    /** Copy slices count what they read; checking passes don't. */
    public boolean isCopy() {
        return number >= 0;
    }

    /** Read only the primary key columns (a pass that compares key sets). */
    public boolean isKeysOnly() {
        return keysOnly;
    }

    public List<String> getLastRead() {
        return lastRead;
    }

    public List<String> getUpperKey() {
        return upperKey;
    }

    public void readPast(List<String> key) {
        lastRead = key;
    }

    public void endReached() {
        endReached = true;
    }

    public boolean isEndReached() {
        return endReached;
    }

    /** Batches are written with COPY: the target held no row of this range when the slice started. */
    public boolean isBulkLoad() {
        return bulkLoad;
    }

    void loadInBulk() {
        bulkLoad = true;
    }

    /** The target turned out to hold keys of this range: the rest is written with upserts. */
    public void upsertFromNowOn() {
        bulkLoad = false;
    }

    /** The fetch of the next page, sent ahead while this slice writes its current page. */
    public void pageAhead(CompletableFuture<Exchange> fetch) {
        pageAhead = fetch;
    }

    /** The fetch sent ahead, if any; the slice no longer holds it. */
    public CompletableFuture<Exchange> takePageAhead() {
        CompletableFuture<Exchange> fetch = pageAhead;
        pageAhead = null;
        return fetch;
    }

    public boolean isHasMorePages() {
        return !endReached && !table.getRun().isStopRequested();
    }
}
