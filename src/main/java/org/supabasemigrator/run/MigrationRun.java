package org.supabasemigrator.run;

import java.util.List;
import java.util.function.BooleanSupplier;

/** A run in progress in this process: its tables in order and the operator's stop request. */
public final class MigrationRun {

    private final long id;
    private final RunOptions options;
    private final List<TableRun> tables;
    private volatile RunState state = RunState.PENDING;
    private volatile boolean stopRequested;
    private volatile String stopReason;
    private volatile BooleanSupplier stopRequestedElsewhere = () -> false;
    private volatile long nextStopCheck;

    public MigrationRun(long id, List<String> tableNames, RunOptions options) {
        this.id = id;
        this.options = options;
        this.tables = tableNames.stream().map(name -> new TableRun(this, name)).toList();
    }

    public long getId() {
        return id;
    }

    public RunOptions getOptions() {
        return options;
    }

    /** {@code full}, {@code incremental} or {@code verify}: which routes process the tables. */
    public String getMode() {
        return options.mode();
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

    /** True once an operator or a shutdown asked the run to stop; polls requests made on other replicas. */
    public boolean isStopRequested() {
        if (!stopRequested && System.nanoTime() >= nextStopCheck) {
            nextStopCheck = System.nanoTime() + 2_000_000_000L;
            if (stopRequestedElsewhere.getAsBoolean()) {
                requestStop("operator");
            }
        }
        return stopRequested;
    }

    /** Stops reading after the page in flight; its batches are written and checkpointed first. */
    public synchronized void requestStop(String reason) {
        if (!stopRequested) {
            stopReason = reason;
            stopRequested = true;
        }
    }

    /** Why the run was asked to stop: {@code operator} or {@code shutdown}. */
    public String getStopReason() {
        return stopReason;
    }

    void watchStopRequests(BooleanSupplier stopRequestedElsewhere) {
        this.stopRequestedElsewhere = stopRequestedElsewhere;
    }
}
