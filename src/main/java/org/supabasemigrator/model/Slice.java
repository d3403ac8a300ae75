package org.supabasemigrator.model;

import java.util.List;

/**
 * One key range of a table, read page by page in key order ({@code key > last read}), so pages stay cheap
 * however deep the table and rows added meanwhile are neither skipped nor doubled. The range is over when a page
 * comes back empty, or shorter than asked once the source has answered a page as large in full (the source may
 * cap pages below the size asked: a short page alone proves nothing). The routes carry it as {@code slice}.
 *
 * <p>Three positions move along the range: {@link #getLastRead()} (pages asked for), {@link #getCommittedKey()}
 * (rows written, as the checkpoint in the target says) and {@link #getVerifiedKey()} (rows compared with the
 * target). Every checkpoint update is made only if the target's checkpoint is where this process believes, so
 * a batch lost with a crashed target is noticed, and the range continues from what the target holds.
 */
public final class Slice {

    /** What the range is read for. */
    public enum Purpose {
        /** Rows are written to the target (and compared as they commit, when the run verifies). */
        COPY,
        /** Rows are compared with the target, nothing is written. */
        VERIFY,
        /** Only keys are read, to find target rows the source no longer has. */
        KEYS
    }

    private final TableRun table;
    private final int number;
    private final Purpose purpose;
    private final List<String> lowerKey;
    private final List<String> upperKey;
    private volatile List<String> lastRead;
    private volatile List<String> committedKey;
    private volatile List<String> verifiedKey;
    private volatile boolean endReached;
    private volatile boolean lastPageRead;
    private volatile boolean bulkLoad;
    private volatile int pageLimit;
    private volatile double rowBytes;
    private volatile List<String> previousFirstKey;

    /**
     * @param lowerKey     exclusive lower bound of the range, null = from the first row
     * @param upperKey     inclusive upper bound, null = to the last row (rows added meanwhile included)
     * @param committedKey where the range's checkpoint stands (null = nothing written yet)
     * @param verifiedKey  up to where its rows were compared (null = nothing compared yet)
     * @param pageLimit    rows asked for in the first page
     */
    public Slice(TableRun table, int number, Purpose purpose, List<String> lowerKey, List<String> upperKey,
            List<String> committedKey, List<String> verifiedKey, int pageLimit) {
        this.table = table;
        this.number = number;
        this.purpose = purpose;
        this.lowerKey = lowerKey;
        this.upperKey = upperKey;
        this.committedKey = committedKey;
        this.verifiedKey = verifiedKey;
        this.lastRead = resumePoint();
        this.pageLimit = pageLimit;
    }

    /** Reading resumes after the last row written (copies) or compared (verify passes), else after the bound. */
    private List<String> resumePoint() {
        List<String> position = switch (purpose) {
            case VERIFY -> verifiedKey;
            case COPY -> committedKey;
            case KEYS -> null;
        };
        return position != null ? position : lowerKey;
    }

    /**
     * Rows written but not yet compared, after a crash between a batch's commit and its comparison: a verify pass
     * over them, from the last row compared up to the checkpoint, before the copy goes on; null when there is none.
     */
    public Slice getVerificationGap() {
        if (purpose != Purpose.COPY || !table.isVerifying() || committedKey == null || committedKey.equals(verifiedKey)) {
            return null;
        }
        return new Slice(table, number, Purpose.VERIFY, verifiedKey != null ? verifiedKey : lowerKey, committedKey,
                committedKey, verifiedKey, pageLimit);
    }

    public TableRun getTableRun() {
        return table;
    }

    public MigrationRun getRun() {
        return table.getRun();
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

    public Purpose getPurpose() {
        return purpose;
    }

    public List<String> getLowerKey() {
        return lowerKey;
    }

    public List<String> getUpperKey() {
        return upperKey;
    }

    /** The key after which the next page starts. */
    public List<String> getLastRead() {
        return lastRead;
    }

    public void readPast(List<String> key) {
        lastRead = key;
    }

    /** The checkpoint as this process believes the target holds it. */
    public List<String> getCommittedKey() {
        return committedKey;
    }

    /** The checkpoint as an array for SQL ({@code text[]}), null when nothing was written yet. */
    public String[] getCommittedKeyArray() {
        return committedKey == null ? null : committedKey.toArray(String[]::new);
    }

    public void committed(List<String> key) {
        committedKey = key;
    }

    public List<String> getVerifiedKey() {
        return verifiedKey;
    }

    public String[] getVerifiedKeyArray() {
        return verifiedKey == null ? null : verifiedKey.toArray(String[]::new);
    }

    public void verified(List<String> key) {
        verifiedKey = key;
    }

    /**
     * Continues from the positions the target holds now (after a target outage or a checkpoint found
     * elsewhere than expected): what was read past them is read again.
     */
    public synchronized void rewind(List<String> committed, List<String> verified) {
        committedKey = committed;
        verifiedKey = verified;
        lastRead = resumePoint();
        endReached = false;
        lastPageRead = false;
        previousFirstKey = null;
    }

    public void markEnd() {
        endReached = true;
    }

    /**
     * Takes note of a page of {@code rows} rows answering a request for {@link #getPageLimit()}: a full page tells
     * the table how many rows the source answers at least; a shorter one, asked for no more than that, was the
     * range's last, so no request for an empty page follows it.
     */
    public void answered(int rows) {
        int asked = pageLimit;
        if (rows >= asked) {
            table.answeredInFull(asked);
        } else if (rows > 0 && asked <= table.getFullPageRows()) {
            lastPageRead = true;
        }
    }

    /** The page in hand held the range's last rows: the next page is known to be empty without asking. */
    public boolean isLastPageRead() {
        return lastPageRead;
    }

    public boolean isEndReached() {
        return endReached;
    }

    /** More pages to read: the end was not reached, nobody asked the run to stop and no other range failed. */
    public boolean isReading() {
        return !endReached && !table.getRun().isStopRequested() && !table.isHalted();
    }

    /** Batches are written with COPY: the target held no row of this range (above its checkpoint) when it started. */
    public boolean isBulkLoad() {
        return bulkLoad;
    }

    public void loadInBulk(boolean bulk) {
        bulkLoad = bulk;
    }

    /** Rows asked for in the next page. */
    public int getPageLimit() {
        return pageLimit;
    }

    /** What a page of {@code maxRows} rows would weigh, by the rows seen so far (or the table's first row). */
    public long fullPageBytes(int maxRows) {
        double perRow = rowBytes > 0 ? rowBytes : table.getFirstRowBytes();
        return (long) (Math.min(maxRows, table.getPageCeiling()) * Math.max(1.0, perRow));
    }

    /** Takes note of what a page's rows weighed. */
    public void observeRows(int rows, int bytes) {
        if (rows <= 0) {
            return;
        }
        double perRow = (double) bytes / rows;
        rowBytes = rowBytes == 0 ? perRow : Math.max(perRow, 0.5 * rowBytes + 0.5 * perRow);
    }

    /**
     * Sizes the next page from the bytes per row seen so far, so a page stays near the budget whatever its rows
     * weigh; never more than {@code maxRows}, never less than one row.
     */
    public void sizePage(long budgetBytes, int maxRows) {
        if (rowBytes == 0) {
            return;
        }
        long fit = (long) (budgetBytes / Math.max(1.0, rowBytes));
        // grow at most fourfold a page, so one page of small rows does not ask for thousands of large ones, and
        // never back to a size the source found too costly
        pageLimit = (int) Math.max(1, Math.min(Math.min(maxRows, table.getPageCeiling()),
                Math.min(fit, Math.max(4L * pageLimit, 1))));
    }

    /**
     * A cheaper next page after the source found this one too costly, and no larger page for the table's ranges
     * from now on; false when it was one row already.
     */
    public boolean shrinkPage() {
        if (pageLimit <= 1) {
            return false;
        }
        pageLimit = Math.max(1, pageLimit / 4);
        table.capPages(pageLimit);
        return true;
    }

    /** The first key of the page read before: a page that starts there again did not advance. */
    public List<String> getPreviousFirstKey() {
        return previousFirstKey;
    }

    public void pageStarted(List<String> firstKey) {
        previousFirstKey = firstKey;
    }

    @Override
    public String toString() {
        return "Slice[" + getTable() + " #" + number + " " + purpose + "]";
    }
}
