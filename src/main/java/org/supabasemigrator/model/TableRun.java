package org.supabasemigrator.model;

import java.util.concurrent.atomic.LongAdder;

/** One table of a run: its mapping onto the target and live counters. The routes carry it as {@code tableRun}. */
public final class TableRun {

    private final MigrationRun run;
    private final String table;
    private final int position;
    private final LongAdder read = new LongAdder();
    private volatile TableMapping mapping;
    private volatile String selectList;
    private volatile String watermarkColumn;
    private volatile String changedSince;
    private volatile boolean keyUnique = true;
    private volatile boolean verifying;
    private volatile boolean rereading;
    private volatile int firstPageLimit = 1;
    private volatile int firstRowBytes;
    private volatile int pageCeiling = Integer.MAX_VALUE;
    private volatile int fullPageRows;
    private volatile boolean halted;
    private volatile long startedNanos;
    private volatile long sourceRows;

    TableRun(MigrationRun run, String table, int position) {
        this.run = run;
        this.table = table;
        this.position = position;
    }

    public MigrationRun getRun() {
        return run;
    }

    public long getRunId() {
        return run.getId();
    }

    public String getTable() {
        return table;
    }

    /** Where the table stands in the run's list. */
    public int getPosition() {
        return position;
    }

    public TableMapping getMapping() {
        return mapping;
    }

    /** PostgREST's {@code select} for a page of this table. */
    public String getSelectList() {
        return selectList;
    }

    /**
     * @param mapping         how rows map onto the target
     * @param selectList      the page's {@code select}, as short as the source's URI limit needs
     * @param watermarkColumn the change-tracking column, or null when the table has none
     * @param keyUnique       the source is known to hold each key once (its primary key); else pages are checked
     *                        for repeated keys
     */
    public void plan(TableMapping mapping, String selectList, String watermarkColumn, boolean keyUnique) {
        this.mapping = mapping;
        this.selectList = selectList;
        this.watermarkColumn = watermarkColumn;
        this.keyUnique = keyUnique;
    }

    public String getWatermarkColumn() {
        return watermarkColumn;
    }

    /** Incremental runs read only rows whose watermark column is at least this value; null = all rows. */
    public String getChangedSince() {
        return changedSince;
    }

    public void setChangedSince(String changedSince) {
        this.changedSince = changedSince;
    }

    public boolean isKeyUnique() {
        return keyUnique;
    }

    /** A key range of the table failed: the others stop after the page in hand, and the table fails. */
    public void halt() {
        halted = true;
    }

    public boolean isHalted() {
        return halted || run.isHalted();
    }

    /** Rows received from the source so far in this process. */
    public long getRead() {
        return read.sum();
    }

    public void countRead(int rows) {
        read.add(rows);
    }

    /** Source rows as estimated when the table started, then as read. */
    public long getSourceRows() {
        return sourceRows;
    }

    public void setSourceRows(long sourceRows) {
        this.sourceRows = sourceRows;
    }

    public void started() {
        startedNanos = System.nanoTime();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Rows written are compared with the target as each batch commits (decided when the run is planned). */
    public boolean isVerifying() {
        return verifying;
    }

    public void setVerifying(boolean verifying) {
        this.verifying = verifying;
    }

    /** Rows a range's first page asks for, from the size of the table's first row. */
    public int getFirstPageLimit() {
        return firstPageLimit;
    }

    public void setFirstPageLimit(int firstPageLimit) {
        this.firstPageLimit = firstPageLimit;
    }

    /** The size of the table's first row as served: what its rows weigh until a page was read (0: empty). */
    public int getFirstRowBytes() {
        return firstRowBytes;
    }

    public void setFirstRowBytes(int firstRowBytes) {
        this.firstRowBytes = firstRowBytes;
    }

    /** Rows a page of this table may ask for at most: below a size the source found too costly (a timeout). */
    public int getPageCeiling() {
        return pageCeiling;
    }

    public synchronized void capPages(int rows) {
        pageCeiling = Math.min(pageCeiling, rows);
    }

    /**
     * The most rows the source has answered a page with in full (as many as asked) for this table: it caps pages
     * (PostgREST's max-rows) at no fewer, so a page asked for at most this many that comes back shorter holds the
     * last rows of its range. 0 until a page came back full.
     */
    public int getFullPageRows() {
        return fullPageRows;
    }

    public synchronized void answeredInFull(int rows) {
        fullPageRows = Math.max(fullPageRows, rows);
    }

    /** After the copy, every key range is read from the source again and compared (decided when planned). */
    public boolean isRereading() {
        return rereading;
    }

    public void setRereading(boolean rereading) {
        this.rereading = rereading;
    }

    @Override
    public String toString() {
        return "TableRun[" + table + "]";
    }
}
