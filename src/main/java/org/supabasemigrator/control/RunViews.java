package org.supabasemigrator.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.run.PendingOutcomes;

/**
 * Runs as the control API shows them, with live progress. The state shown is never more than is true: a run
 * the bookkeeping records as active while no process works on it (its end could not be recorded, or its
 * process died) shows as it ended, or as interrupted.
 */
@ApplicationScoped
@Named("runViews")
public class RunViews {

    private final RunStore runs;
    private final ActiveRun active;
    private final PendingOutcomes pending;
    private final RunLock lock;

    public RunViews(RunStore runs, ActiveRun active, PendingOutcomes pending, RunLock lock) {
        this.runs = runs;
        this.active = active;
        this.pending = pending;
        this.lock = lock;
    }

    public List<MigrationView> list(@Header("limit") Integer limit, @Header("offset") Integer offset) {
        int size = limit == null ? 20 : Math.max(1, Math.min(limit, 200));
        return runs.list(size, offset == null ? 0 : Math.max(0, offset)).stream().map(this::view).toList();
    }

    public MigrationView get(@Header("id") String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no migration run " + id);
        }
        return view(runs.find(runId).orElseThrow(() -> ApiException.notFound("no migration run " + id)));
    }

    /** The view of a run just started or resumed. */
    public MigrationView of(MigrationRun run) {
        return get(Long.toString(run.getId()));
    }

    /** The view of a run given by id (after a stop request). */
    public MigrationView byId(long id) {
        return get(Long.toString(id));
    }

    private MigrationView view(RunRecord run) {
        MigrationRun live = active.find(run.id()).orElse(null);
        RunState state = run.state();
        String error = run.error();
        String stopReason = run.stopReason();
        if (state.isActive() && live == null) {
            var outcome = pending.of(run.id());
            if (outcome.isPresent()) {
                state = outcome.get().state();
                error = outcome.get().error();
                stopReason = outcome.get().stopReason();
            } else if (!lock.heldAnywhere()) {
                state = RunState.STOPPED;
                stopReason = "interrupted";
                error = "no process is working on the run; resume it";
            }
        }
        List<TableView> tables = runs.tables(run.id()).stream().map(t -> table(t, live)).toList();
        MigrationView.Totals totals = new MigrationView.Totals(
                tables.stream().mapToLong(t -> t.sourceRows() == null ? 0 : t.sourceRows()).sum(),
                tables.stream().mapToLong(TableView::read).sum(), tables.stream().mapToLong(TableView::written).sum(),
                tables.stream().mapToLong(TableView::deadLettered).sum());
        Long elapsed = run.startedAt() == null ? null : Duration.between(run.startedAt(),
                run.finishedAt() != null && !state.isActive() ? run.finishedAt() : Instant.now()).toSeconds();
        Long eta = state == RunState.RUNNING ? tables.stream().filter(t -> t.etaSeconds() != null)
                .mapToLong(TableView::etaSeconds).max().stream().boxed().findFirst().orElse(null) : null;
        return new MigrationView(run.id(), run.mode().json(), state, iso(run.createdAt()), iso(run.startedAt()),
                iso(run.finishedAt()), elapsed, eta, error, stopReason, run.notes(), totals, tables);
    }

    private static TableView table(TableRecord t, MigrationRun live) {
        long done = t.done();
        TableRun running = live == null ? null : live.table(t.table());
        long read = running == null ? done : Math.max(done, running.getRead());
        Double percent = null;
        Long rate = null;
        Long eta = null;
        Long sourceRows = t.sourceRows();
        if (sourceRows != null) {
            long total = Math.max(sourceRows, done);
            percent = total == 0 ? 100.0 : Math.min(100.0, Math.round(done * 1000.0 / total) / 10.0);
            if (t.state() == RunState.RUNNING && done >= total && percent >= 100.0) {
                percent = 99.9; // the estimate ran out before the rows did
            }
        }
        if (t.startedAt() != null) {
            Instant end = t.finishedAt() != null ? t.finishedAt() : Instant.now();
            double seconds = Math.max(0.001, Duration.between(t.startedAt(), end).toMillis() / 1000.0);
            rate = Math.round(done / seconds);
            if (t.state() == RunState.RUNNING && sourceRows != null && rate > 0) {
                eta = Math.max(0, sourceRows - done) / rate;
            }
        }
        return new TableView(t.table(), t.state(), sourceRows, read, t.written(), t.inserted(), t.updated(),
                t.deadLettered(), t.compared(), t.targetRows(), t.verified(), percent, rate, eta, t.changedSince(),
                t.missingInSource(), t.deleted(), t.verification(), t.error());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
