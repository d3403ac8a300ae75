package org.supabasemigrator.control;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.run.MigrationRun;
import org.supabasemigrator.run.RunOptions;
import org.supabasemigrator.run.RunState;
import org.supabasemigrator.run.TableRun;

/**
 * The control API's operations on runs, called by the routes in {@code routes/control-api.yaml}: start,
 * resume and stop runs, list them and show one with live progress.
 */
@ApplicationScoped
@Named("migrationControl")
public class MigrationControl {

    private final ProducerTemplate producer;
    private final RunStore runs;
    private final RunLock lock;
    private final ActiveRun active;
    private final List<String> configuredTables;
    private final boolean createMissingTablesByDefault;

    public MigrationControl(ProducerTemplate producer, RunStore runs, RunLock lock, ActiveRun active,
            MigratorSettings settings) {
        this.producer = producer;
        this.runs = runs;
        this.lock = lock;
        this.active = active;
        this.configuredTables = settings.tables();
        this.createMissingTablesByDefault = settings.createMissingTables();
    }

    /** Records a new run and hands it to the {@code migration-run} route; answers at once. */
    public synchronized MigrationView start(@Body String body) {
        StartRequest request = StartRequest.parse(body);
        List<String> tables = tables(request);
        RunOptions options = request.options(createMissingTablesByDefault);
        claimRunner();
        long id = runs.create(options.mode(), options.createMissingTables(), options.deleteMissing(), tables);
        return launch(new MigrationRun(id, tables, options));
    }

    /** Continues a stopped, failed or interrupted run from its checkpoints. */
    public synchronized MigrationView resume(@Header("id") String id) {
        RunRecord run = find(id);
        if (run.state() == RunState.SUCCEEDED) {
            throw ApiException.conflict("run " + run.id() + " already succeeded; start a new run instead");
        }
        claimRunner();
        return launch(new MigrationRun(run.id(), run.tables(),
                new RunOptions(run.mode(), run.createMissingTables(), run.deleteMissing())));
    }

    /** Asks a running run to stop after the page in flight; it can be resumed later. */
    public MigrationView stop(@Header("id") String id) {
        RunRecord run = find(id);
        MigrationRun local = active.find(run.id()).orElse(null);
        if (local != null) {
            local.requestStop("operator");
        } else if (!runs.requestStop(run.id())) {
            throw ApiException.conflict("run " + run.id() + " is " + run.state() + ", not running");
        }
        return get(id);
    }

    public List<MigrationView> list(@Header("limit") Integer limit, @Header("offset") Integer offset) {
        int size = limit == null ? 20 : Math.max(1, Math.min(limit, 200));
        return runs.list(size, offset == null ? 0 : Math.max(0, offset)).stream().map(this::view).toList();
    }

    public MigrationView get(@Header("id") String id) {
        return view(find(id));
    }

    private RunRecord find(String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no migration run " + id);
        }
        return runs.find(runId).orElseThrow(() -> ApiException.notFound("no migration run " + id));
    }

    /** This process must not run anything and must win the cross-replica lock. */
    private void claimRunner() {
        active.current().ifPresent(run -> {
            throw ApiException.conflict("run " + run.getId() + " is active; wait for it to end or stop it");
        });
        if (!lock.tryAcquire()) {
            String which = runs.running().map(r -> "run " + r.id()).orElse("a run or dead-letter replay");
            throw ApiException.conflict(which + " holds the run lock on this or another replica; wait for it to end or stop it");
        }
    }

    private MigrationView launch(MigrationRun run) {
        if (!active.claim(run)) {
            lock.release();
            throw ApiException.conflict("another run is active");
        }
        runs.runQueued(run.getId());
        producer.sendBody("seda:migration-runs", run);
        return get(Long.toString(run.getId()));
    }

    private MigrationView view(RunRecord run) {
        MigrationRun live = active.find(run.id()).orElse(null);
        List<TableView> tables = runs.tables(run.id()).stream().map(t -> table(t, live)).toList();
        MigrationView.Totals totals = new MigrationView.Totals(
                tables.stream().mapToLong(t -> t.sourceRows() == null ? 0 : t.sourceRows()).sum(),
                tables.stream().mapToLong(TableView::read).sum(), tables.stream().mapToLong(TableView::written).sum(),
                tables.stream().mapToLong(TableView::deadLettered).sum());
        return new MigrationView(run.id(), run.mode(), run.state(), iso(run.createdAt()), iso(run.startedAt()),
                iso(run.finishedAt()), run.error(), run.stopReason(), totals, tables);
    }

    private static TableView table(TableRecord t, MigrationRun live) {
        long done = t.written() + t.deadLettered();
        long read = live == null ? done : Math.max(done, live.getTables().stream()
                .filter(r -> r.getTable().equals(t.table())).mapToLong(TableRun::getRead).sum());
        Double percent = null;
        Long rate = null;
        Long eta = null;
        if (t.sourceRows() != null) {
            percent = t.sourceRows() == 0 ? 100.0 : Math.min(100.0, Math.round(done * 1000.0 / t.sourceRows()) / 10.0);
        }
        if (t.startedAt() != null) {
            Instant end = t.finishedAt() != null ? t.finishedAt() : Instant.now();
            double seconds = Math.max(0.001, Duration.between(t.startedAt(), end).toMillis() / 1000.0);
            rate = Math.round(done / seconds);
            if (t.state() == RunState.RUNNING && t.sourceRows() != null && rate > 0) {
                eta = Math.max(0, (t.sourceRows() - done)) / rate;
            }
        }
        return new TableView(t.table(), t.state(), t.sourceRows(), read, t.written(), t.inserted(), t.updated(),
                t.deadLettered(), t.targetRows(), t.verified(), percent, rate, eta, t.changedSince(), t.missingInSource(),
                t.deleted(), t.verification(), t.error());
    }

    /** Requested tables in configured order (parents first), or all configured tables. */
    private List<String> tables(StartRequest request) {
        if (request.tables() == null || request.tables().isEmpty()) {
            return configuredTables;
        }
        Set<String> requested = new LinkedHashSet<>(request.tables());
        List<String> unknown = requested.stream().filter(t -> !configuredTables.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown table(s) " + String.join(", ", unknown)
                    + "; MIGRATOR_TABLES configures " + String.join(", ", configuredTables));
        }
        return configuredTables.stream().filter(requested::contains).toList();
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
