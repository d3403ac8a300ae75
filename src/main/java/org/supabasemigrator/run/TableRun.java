package org.supabasemigrator.run;

import java.util.concurrent.atomic.LongAdder;

import org.supabasemigrator.transform.TableMapping;

/** One table of a run: its mapping onto the target and live counters. */
public final class TableRun {

    private final MigrationRun run;
    private final String table;
    private final LongAdder read = new LongAdder();
    private volatile TableMapping mapping;
    private volatile String upsertSql;
    private volatile String copySql;
    private volatile String watermarkColumn;
    private volatile String changedSince;
    private volatile long startedNanos;
    private volatile long sourceRows;

    TableRun(MigrationRun run, String table) {
        this.run = run;
        this.table = table;
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

    public TableMapping getMapping() {
        return mapping;
    }

    public String getUpsertSql() {
        return upsertSql;
    }

    /** The bulk load's statement, for key ranges the target does not hold yet. */
    public String getCopySql() {
        return copySql;
    }

    void plan(TableMapping mapping, String upsertSql, String copySql, String watermarkColumn) {
        this.mapping = mapping;
        this.upsertSql = upsertSql;
        this.copySql = copySql;
        this.watermarkColumn = watermarkColumn;
    }

    /** The change-tracking column ({@code updated_at} by default), when the table has one. */
    public String getWatermarkColumn() {
        return watermarkColumn;
    }

    /** Incremental runs read only rows whose watermark column is at least this value; null = all rows. */
    public String getChangedSince() {
        return changedSince;
    }

    void setChangedSince(String changedSince) {
        this.changedSince = changedSince;
    }

    /** Rows received from the source so far in this process. */
    public long getRead() {
        return read.sum();
    }

    public void countRead(int rows) {
        read.add(rows);
    }

    /** Source rows when the table was last counted. */
    public long getSourceRows() {
        return sourceRows;
    }

    void counted(long sourceRows) {
        this.sourceRows = sourceRows;
    }

    void started() {
        startedNanos = System.nanoTime();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
