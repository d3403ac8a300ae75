package org.supabasemigrator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A run in progress in this process: its options, its tables once planned, the load plan and the operator's
 * stop request. The routes carry it as exchange property {@code run}.
 */
public final class MigrationRun {

    private final long id;
    private final RunOptions options;
    private final List<String> requestedTables;
    private volatile List<TableRun> tables = List.of();
    private volatile LoadPlan plan;
    private volatile RunState state = RunState.PENDING;
    private volatile boolean stopRequested;
    private volatile boolean halted;
    private volatile String stopReason;

    /** @param requestedTables the tables asked for, or empty for every table the source exposes */
    public MigrationRun(long id, List<String> requestedTables, RunOptions options) {
        this.id = id;
        this.options = options;
        this.requestedTables = List.copyOf(requestedTables);
    }

    public long getId() {
        return id;
    }

    public RunOptions getOptions() {
        return options;
    }

    public Mode getMode() {
        return options.mode();
    }

    public List<String> getRequestedTables() {
        return requestedTables;
    }

    /** The tables of the run in load order, once planned. */
    public List<TableRun> getTables() {
        return tables;
    }

    public TableRun table(String name) {
        return tables.stream().filter(t -> t.getTable().equals(name)).findFirst().orElse(null);
    }

    /** Plans the run's tables (in the order given). */
    public List<TableRun> planTables(List<String> names) {
        List<TableRun> planned = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            planned.add(new TableRun(this, names.get(i), i));
        }
        tables = List.copyOf(planned);
        return tables;
    }

    public LoadPlan getPlan() {
        return plan;
    }

    public void setPlan(LoadPlan plan) {
        this.plan = plan;
    }

    public RunState getState() {
        return state;
    }

    public void setState(RunState state) {
        this.state = state;
    }

    /** True once an operator, a shutdown or another replica asked the run to stop. */
    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Stops reading after the page in flight; its batches are written and checkpointed first. */
    public synchronized void requestStop(String reason) {
        if (!stopRequested) {
            stopReason = reason;
            stopRequested = true;
        }
    }

    /** A table failed: the others stop after the page in hand, tables not started stay so, and the run fails. */
    public void halt() {
        halted = true;
    }

    public boolean isHalted() {
        return halted;
    }

    /** Why the run was asked to stop: {@code operator}, {@code shutdown} or {@code lock-lost}. */
    public String getStopReason() {
        return stopReason;
    }

}
