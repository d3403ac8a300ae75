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
    private volatile long startedNanos;

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

    void plan(TableMapping mapping, String upsertSql) {
        this.mapping = mapping;
        this.upsertSql = upsertSql;
    }

    /** Rows received from the source so far in this process. */
    public long getRead() {
        return read.sum();
    }

    public void countRead(int rows) {
        read.add(rows);
    }

    void started() {
        startedNanos = System.nanoTime();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
