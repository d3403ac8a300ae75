package org.supabasemigrator.control;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.run.RunLauncher;

/**
 * The control API's operations on runs, called by the routes in {@code routes/control-api.yaml}: start, resume
 * and stop runs. The started run is handed on to the run queue by the route.
 */
@ApplicationScoped
@Named("migrationControl")
public class MigrationControl {

    private final RunLauncher launcher;
    private final RunStore runs;
    private final ActiveRun active;
    private final Optional<List<String>> configuredTables;
    private final boolean createMissingTablesByDefault;
    private final boolean allowTriggersByDefault;

    public MigrationControl(RunLauncher launcher, RunStore runs, ActiveRun active, MigratorSettings settings) {
        this.launcher = launcher;
        this.runs = runs;
        this.active = active;
        this.configuredTables = settings.tables().filter(t -> !t.isEmpty());
        this.createMissingTablesByDefault = settings.createMissingTables();
        this.allowTriggersByDefault = settings.target().allowTriggers();
    }

    /** Records a new run; the route queues it and answers at once. */
    public MigrationRun start(Exchange exchange) {
        StartRequest body = RequestBodies.optional(exchange, StartRequest.class);
        StartRequest request = body == null ? new StartRequest(null, null, null, null, null) : body;
        Mode mode;
        try {
            mode = request.mode() == null ? Mode.FULL : Mode.parse(request.mode());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (Boolean.TRUE.equals(request.deleteMissing()) && mode != Mode.INCREMENTAL) {
            throw ApiException.badRequest("deleteMissing applies to incremental runs only");
        }
        RunOptions options = new RunOptions(mode,
                request.createMissingTables() == null ? createMissingTablesByDefault : request.createMissingTables(),
                Boolean.TRUE.equals(request.deleteMissing()),
                request.allowTriggers() == null ? allowTriggersByDefault : request.allowTriggers());
        return launcher.start(tables(request), options);
    }

    /** Continues a stopped, failed or interrupted run from its checkpoints. */
    public MigrationRun resume(@Header("id") String id) {
        return launcher.resume(find(id));
    }

    /** Asks a running run to stop after the page in flight; it can be resumed later. */
    public long stop(@Header("id") String id) {
        RunRecord run = find(id);
        MigrationRun local = active.find(run.id()).orElse(null);
        if (local != null) {
            local.requestStop("operator");
        } else if (!runs.requestStop(run.id())) {
            throw ApiException.conflict("run " + run.id() + " is " + run.state() + ", not running");
        }
        return run.id();
    }

    RunRecord find(String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no migration run " + id);
        }
        return runs.find(runId).orElseThrow(() -> ApiException.notFound("no migration run " + id));
    }

    /** Requested tables, in the order given (the load order follows the foreign keys), or none: all of them. */
    private List<String> tables(StartRequest request) {
        if (request.tables() == null || request.tables().isEmpty()) {
            return configuredTables.orElse(List.of());
        }
        Set<String> requested = new LinkedHashSet<>(request.tables());
        if (configuredTables.isPresent()) {
            List<String> unknown = requested.stream().filter(t -> !configuredTables.get().contains(t)).toList();
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest("unknown table(s) " + String.join(", ", unknown)
                        + "; MIGRATOR_TABLES configures " + String.join(", ", configuredTables.get()));
            }
            return configuredTables.get().stream().filter(requested::contains).toList();
        }
        return List.copyOf(requested);
    }
}
