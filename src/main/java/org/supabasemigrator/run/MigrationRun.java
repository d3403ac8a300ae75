package org.supabasemigrator.run;

import java.time.Instant;
import java.util.List;

/** A run in progress in this process: its tables in order and the operator's stop request. */
public final class MigrationRun {

    private final long id;
    private final List<TableRun> tables;
    private volatile RunState state = RunState.PENDING;
    private volatile boolean stopRequested;
    private volatile Instant startedAt;

    public MigrationRun(long id, List<String> tableNames) {
        this.id = id;
        this.tables = tableNames.stream().map(name -> new TableRun(this, name)).toList();
    }

    public long getId() {
        return id;
    }

    public List<TableRun> getTables() {
        return tables;
    }

    public RunState getState() {
        return state;
    }

    void setState(RunState state) {
        this.state = state;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    public void requestStop() {
        stopRequested = true;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    void setStartedAt(Instant startedAt) {
        this.startedAt = startedAt;
    }
}
