package org.supabasemigrator.control;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.run.MigrationRun;
import org.supabasemigrator.run.TableRun;

/** The control API's operations: start a run, show runs. Called by the routes in {@code routes/control-api.yaml}. */
@ApplicationScoped
@Named("migrationControl")
public class MigrationControl {

    private final ProducerTemplate producer;
    private final RunStore runs;
    private final ActiveRun active;
    private final List<String> configuredTables;

    public MigrationControl(ProducerTemplate producer, RunStore runs, ActiveRun active, MigratorSettings settings) {
        this.producer = producer;
        this.runs = runs;
        this.active = active;
        this.configuredTables = settings.tables();
    }

    /** Records a new run and hands it to the {@code migration-run} route; answers at once. */
    public synchronized MigrationView start(@Body String body) {
        List<String> tables = tables(StartRequest.parse(body));
        active.current().ifPresent(run -> {
            throw ApiException.conflict("run " + run.getId() + " is " + run.getState() + "; wait for it to end");
        });
        long id = runs.create("full", tables);
        MigrationRun run = new MigrationRun(id, tables);
        if (!active.claim(run)) {
            throw ApiException.conflict("another run is active");
        }
        producer.sendBody("seda:migration-runs", run);
        return get(Long.toString(id));
    }

    public MigrationView get(@Header("id") String id) {
        long runId = parseId(id);
        RunRecord run = runs.find(runId).orElseThrow(() -> ApiException.notFound("no migration run " + id));
        MigrationRun live = active.find(runId).orElse(null);
        List<TableView> tables = runs.tables(runId).stream().map(t -> {
            long read = live == null ? t.written() + t.deadLettered()
                    : Math.max(live.getTables().stream().filter(r -> r.getTable().equals(t.table()))
                            .mapToLong(TableRun::getRead).sum(), t.written() + t.deadLettered());
            return new TableView(t.table(), t.state(), t.sourceRows(), read, t.written(), t.deadLettered(), t.targetRows(),
                    t.verified(), t.error());
        }).toList();
        return new MigrationView(run.id(), run.mode(), run.state(), iso(run.createdAt()), iso(run.startedAt()),
                iso(run.finishedAt()), run.error(), tables);
    }

    /** Requested tables in configured order (parents first), or all configured tables. */
    private List<String> tables(StartRequest request) {
        if (request == null || request.tables() == null || request.tables().isEmpty()) {
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

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no migration run " + id);
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
