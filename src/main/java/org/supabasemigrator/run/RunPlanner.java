package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.catalog.TargetCatalog;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.config.SourceSettings;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.LoadMode;
import org.supabasemigrator.model.LoadPlan;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.SourceDescription;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.Trigger;
import org.supabasemigrator.model.event.RunStateChanged;
import org.supabasemigrator.schema.SchemaComparer;
import org.supabasemigrator.schema.SchemaDiff;
import org.supabasemigrator.schema.SchemaProblem;
import org.supabasemigrator.schema.TableCreator;
import org.supabasemigrator.schema.TableDiff;
import org.supabasemigrator.source.ApiKeys;
import org.supabasemigrator.source.PageQueries;
import org.supabasemigrator.source.SelectLists;
import org.supabasemigrator.source.SourceRequest;
import org.supabasemigrator.sink.TriggerSwitch;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Planning and preflight, called by route {@code migration-run} before a single row moves: which tables (those
 * asked for, or every table the source's API describes), whether each fits its target table (columns, types as
 * PostgREST names them, a key), whether the key sees every row, what the target role allows about foreign key
 * checks and triggers, and in which order the tables load.
 */
@ApplicationScoped
@Named("runPlanner")
public class RunPlanner {

    private static final Logger LOG = Logger.getLogger(RunPlanner.class);
    private static final Set<String> VIEW_KINDS = Set.of("v", "m", "f");

    private final RunStore runs;
    private final RunLock lock;
    private final ActiveRun active;
    private final StopWatch stopWatch;
    private final TargetCatalog catalog;
    private final TableCreator tableCreator;
    private final TriggerSwitch triggers;
    private final PageQueries pages;
    private final MigratorSettings settings;
    private final SourceSettings source;
    private final ObjectMapper json;
    private final Event<RunStateChanged> stateChanged;

    public RunPlanner(RunStore runs, RunLock lock, ActiveRun active, StopWatch stopWatch, TargetCatalog catalog, TableCreator tableCreator, TriggerSwitch triggers,
            PageQueries pages, MigratorSettings settings, SourceSettings source, ObjectMapper json,
            Event<RunStateChanged> stateChanged) {
        this.runs = runs;
        this.lock = lock;
        this.active = active;
        this.stopWatch = stopWatch;
        this.catalog = catalog;
        this.tableCreator = tableCreator;
        this.triggers = triggers;
        this.pages = pages;
        this.settings = settings;
        this.source = source;
        this.json = json;
        this.stateChanged = stateChanged;
    }

    /** The run becomes RUNNING; it watches for stop requests from other replicas and for a lost run lock. */
    public MigrationRun begin(@ExchangeProperty("run") MigrationRun run) {
        run.setState(RunState.RUNNING);
        stateChanged.fire(new RunStateChanged(run.getId(), RunState.RUNNING));
        stopWatch.watch(run);
        runs.runStarted(run.getId());
        return run;
    }

    /** Probes of each table, for a source that hides its API description: a row shows the columns it has. */
    public List<SourceRequest> probes(@ExchangeProperty("run") MigrationRun run) {
        return candidateTables(run, null).stream()
                .map(t -> pages.checked(SourceRequest.value(t, "select=*&limit=1", "probe of " + t))).toList();
    }

    /** Probes of the tables the run is to create in the target: a row shows the order of their columns. */
    public List<SourceRequest> missingTableProbes(@ExchangeProperty("run") MigrationRun run, SourceDescription description) {
        if (!description.available()) {
            return List.of();
        }
        return candidateTables(run, description).stream()
                .filter(t -> description.tables().containsKey(t) && catalog.relationKind(settings.targetSchemaName(), t).isEmpty())
                .map(t -> pages.checked(SourceRequest.value(t, "select=*&limit=1", "probe of " + t))).toList();
    }

    /**
     * Maps every table of the run onto its target before a single row moves; any table that does not fit fails
     * the run with a report naming each problem. Returns the load plan, which the run keeps.
     */
    public LoadPlan preflight(@ExchangeProperty("run") MigrationRun run, SourceDescription description) {
        restrictedKey().ifPresent(problem -> {
            throw new PreflightException(problem);
        });
        List<String> notes = new ArrayList<>();
        List<String> names = candidateTables(run, description);
        Map<String, RunState> done = new LinkedHashMap<>();
        runs.tables(run.getId()).forEach(t -> done.put(t.table(), t.state()));
        names = names.stream().filter(n -> done.get(n) != RunState.SUCCEEDED).toList();
        if (!description.available()) {
            notes.add(description.unavailable() + ": columns were probed at the source, their types could not be"
                    + " checked against the target");
        }
        boolean replica = run.getOptions().writes() && triggers.replicaSessions();
        Map<String, Optional<Table>> targets = new LinkedHashMap<>();
        List<TableDiff> diffs = new ArrayList<>();
        Map<String, SourceTable> sources = new LinkedHashMap<>(description.tables());
        for (String name : names) {
            Optional<Table> target = catalog.find(settings.targetSchemaName(), name);
            SourceTable sourceTable = sources.get(name);
            if (sourceTable != null && sourceTable.columns().isEmpty() && target.isPresent() && !description.available()) {
                // an empty table shows no columns to a probe: it is taken to have the target's
                Map<String, String> columns = new LinkedHashMap<>();
                target.get().columns().forEach(c -> columns.put(c.name(), ""));
                sourceTable = new SourceTable(name, columns, List.of(), List.of());
                sources.put(name, sourceTable);
            }
            if (target.isEmpty() && sourceTable != null && run.getOptions().createMissingTables() && description.available()) {
                tableCreator.create(settings.targetSchemaName(), sourceTable);
                target = catalog.find(settings.targetSchemaName(), name);
            }
            targets.put(name, target);
            TableDiff diff = SchemaComparer.compare(name, sourceTable, target, description.available());
            diffs.add(withTriggers(diff, target, replica, run.getOptions().allowTriggers() || settings.target().allowTriggers(),
                    run.getOptions().writes()));
        }
        SchemaDiff diff = new SchemaDiff(diffs.stream().allMatch(TableDiff::ok), diffs, notes);
        if (!diff.ok()) {
            throw new PreflightException("schema preflight failed, nothing was written: " + diff.blockingSummary());
        }
        List<TableRun> tables = run.planTables(names);
        for (TableRun table : tables) {
            plan(table, targets.get(table.getTable()).orElseThrow(), sources.get(table.getTable()));
        }
        LoadMode mode = replica || !run.getOptions().writes() ? LoadMode.REPLICA : LoadMode.ORDERED;
        List<ForeignKey> lifted = mode == LoadMode.REPLICA ? List.of() : tables.stream()
                .flatMap(t -> t.getMapping().target().foreignKeys().stream()).filter(ForeignKey::liftable).toList();
        List<List<TableRun>> waves = mode == LoadMode.REPLICA ? List.of(tables) : LoadOrder.waves(tables, lifted);
        notes.add(mode == LoadMode.REPLICA
                ? "the target role may set session_replication_role: tables load at the same time with foreign key checks"
                        + " and triggers off, and every foreign key is checked once they are in"
                : "the target role may not set session_replication_role: on the tables it owns, triggers are switched off"
                        + " for the load and " + lifted.size() + " foreign key(s) are dropped for it and added again once"
                        + " the tables are in and their references checked" + (waves.size() > 1 ? "; other foreign keys"
                        + " load parents first (" + waves.size() + " waves), rows whose parent arrives later are"
                        + " written again at the end" : ""));
        LoadPlan plan = new LoadPlan(mode, waves, lifted, notes);
        run.setPlan(plan);
        runs.recordTables(run.getId(), waves.stream().flatMap(List::stream).map(TableRun::getTable).toList());
        runs.runNotes(run.getId(), notes);
        LOG.infof("Run %d planned: %s in %d wave(s); %s", run.getId(), names, waves.size(), String.join("; ", notes));
        return plan;
    }

    /** The schema report of {@code GET /api/schema/diff}: the tables asked for, or every table the source exposes. */
    public SchemaDiff report(SourceDescription description, @Header("tables") String tables) {
        MigrationRun probe = new MigrationRun(0, tables == null || tables.isBlank() ? List.of()
                : List.of(tables.split("\\s*,\\s*")), new org.supabasemigrator.model.RunOptions(Mode.FULL, false, false, false));
        List<TableDiff> diffs = new ArrayList<>();
        boolean replica = triggers.replicaSessions();
        for (String name : candidateTables(probe, description)) {
            Optional<Table> target = catalog.find(settings.targetSchemaName(), name);
            diffs.add(withTriggers(SchemaComparer.compare(name, description.tables().get(name), target, description.available()),
                    target, replica, settings.target().allowTriggers(), true));
        }
        List<String> notes = new ArrayList<>();
        if (!description.available()) {
            notes.add(description.unavailable() + ": types not checked");
        }
        notes.add(replica ? "the target role may set session_replication_role (foreign key checks and triggers off for the load)"
                : "the target role may not set session_replication_role (tables load parents first)");
        return new SchemaDiff(diffs.stream().allMatch(TableDiff::ok), diffs, notes);
    }

    /** The run's tables: recorded ones (a resume), those asked for, the configured ones, or every table the source exposes. */
    private List<String> candidateTables(MigrationRun run, SourceDescription description) {
        List<String> recorded = runs.tables(run.getId()).stream().map(TableRecord::table).toList();
        if (!recorded.isEmpty()) {
            return recorded;
        }
        if (!run.getRequestedTables().isEmpty()) {
            return run.getRequestedTables();
        }
        Optional<List<String>> configured = settings.tables().filter(t -> !t.isEmpty());
        if (configured.isPresent()) {
            return configured.get();
        }
        String schema = settings.targetSchemaName();
        if (description == null || !description.available()) {
            return catalog.tables(schema);
        }
        List<String> tables = new ArrayList<>();
        for (String name : description.tables().keySet()) {
            Optional<String> kind = catalog.relationKind(schema, name);
            if (kind.isPresent() && VIEW_KINDS.contains(kind.get())) {
                LOG.infof("%s is a view in the target too: not copied", name);
            } else {
                tables.add(name);
            }
        }
        return tables;
    }

    /** Triggers that would fire on migrated rows, as a problem (blocking unless the run allows them). */
    private static TableDiff withTriggers(TableDiff diff, Optional<Table> target, boolean replica, boolean allowed,
            boolean writes) {
        if (target.isEmpty() || !writes) {
            return diff;
        }
        List<Trigger> firing = target.get().triggers().stream()
                .filter(t -> replica ? t.firesInReplica() : !target.get().owned()).toList();
        if (firing.isEmpty()) {
            return diff;
        }
        List<SchemaProblem> problems = new ArrayList<>(diff.problems());
        problems.add(new SchemaProblem(SchemaProblem.Kind.TRIGGERS_WOULD_FIRE, !allowed, null, null, null,
                "trigger(s) " + firing.stream().map(Trigger::name).toList() + " would fire on every migrated row ("
                        + (replica ? "enabled ALWAYS or REPLICA" : "the role neither owns the table nor may set"
                                + " session_replication_role") + "); switch them off, or start the run with"
                        + " \"allowTriggers\": true (MIGRATOR_TARGET_ALLOW_TRIGGERS) to proceed with them"));
        return new TableDiff(diff.table(), problems.stream().noneMatch(SchemaProblem::blocking), problems);
    }

    /** How a table's rows are asked for and mapped. */
    private void plan(TableRun table, Table target, SourceTable sourceTable) {
        List<String> sourceColumns = sourceTable == null ? target.columns().stream().map(Column::name).toList()
                : List.copyOf(sourceTable.columns().keySet());
        TableMapping mapping = new TableMapping(target, sourceColumns);
        SelectLists.Select select = SelectLists.plan(mapping, pages.selectBudget(table.getTable(), mapping.keyColumns()));
        mapping = mapping.withAliases(select.aliases());
        String watermark = settings.watermarkColumns().getOrDefault(table.getTable(), settings.watermarkColumn());
        boolean sourceKeyUnique = sourceTable != null && target.keySource() == Table.KeySource.PRIMARY_KEY
                && Set.copyOf(sourceTable.primaryKey()).equals(Set.copyOf(target.key()));
        table.plan(mapping, select.encoded(), mapping.indexOf(watermark) >= 0 ? watermark : null, sourceKeyUnique);
        Mode mode = table.getRun().getMode();
        MigratorSettings.Verification verification = settings.verification();
        // a re-reading pass compares whole tables; an incremental run compares the rows it copies as they commit
        table.setRereading(mode == Mode.FULL && verification == MigratorSettings.Verification.REREAD);
        table.setVerifying(mode == Mode.FULL && verification == MigratorSettings.Verification.IN_FLIGHT
                || mode == Mode.INCREMENTAL && verification != MigratorSettings.Verification.OFF);
    }

    /** Why the key would see less than every row, unless allowed. */
    private Optional<String> restrictedKey() {
        if (settings.source().allowRestrictedKey()) {
            return Optional.empty();
        }
        return ApiKeys.restriction(source.serviceRoleKey(), json).map(what -> "SUPABASE_SERVICE_ROLE_KEY is " + what
                + ": it sees only the rows row-level security lets it see, and counts agree with what it sees, so a copy"
                + " would look complete and not be. Use the project's service_role key or a secret key (sb_secret_...),"
                + " or set MIGRATOR_SOURCE_ALLOW_RESTRICTED_KEY=true to copy what it sees");
    }

    /** Frees this process and the cross-replica lock for the next run, however the run ended. */
    public void release(@ExchangeProperty("run") MigrationRun run) {
        stopWatch.unwatch(run);
        active.release(run);
        lock.release();
    }
}
