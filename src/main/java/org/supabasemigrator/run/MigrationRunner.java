package org.supabasemigrator.run;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.CheckpointStore;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.SliceRecord;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.catalog.TargetCatalog;
import org.supabasemigrator.catalog.TargetTable;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.observability.MigrationMetrics;
import org.supabasemigrator.schema.SchemaDiff;
import org.supabasemigrator.schema.SchemaInspector;
import org.supabasemigrator.schema.TableCreator;
import org.supabasemigrator.sink.CopyRows;
import org.supabasemigrator.sink.SqlFailures;
import org.supabasemigrator.sink.TargetTables;
import org.supabasemigrator.sink.UpsertStatement;
import org.supabasemigrator.source.SourceCatalog;
import org.supabasemigrator.source.SourceTable;
import org.supabasemigrator.transform.SchemaMismatchException;
import org.supabasemigrator.transform.TableMapping;
import org.supabasemigrator.verify.VerificationReport;

/**
 * The steps of a run that are not about single rows, called by the {@code migration-run}, {@code copy-table}
 * and {@code copy-slice} routes: plan the tables before any row moves, open and close tables and slices,
 * verify, and record every state change in the bookkeeping.
 */
@ApplicationScoped
@Named("migrationRunner")
public class MigrationRunner {

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);

    private final SourceCatalog source;
    private final TargetCatalog target;
    private final TargetTables targetTables;
    private final RunStore runs;
    private final CheckpointStore checkpoints;
    private final ActiveRun active;
    private final RunLock lock;
    private final SchemaInspector schema;
    private final TableCreator tableCreator;
    private final MigrationMetrics metrics;
    private final SlicePlanner slicePlanner;
    private final MigratorSettings settings;
    private final String targetSchema;

    public MigrationRunner(SourceCatalog source, TargetCatalog target, TargetTables targetTables, RunStore runs,
            CheckpointStore checkpoints, ActiveRun active, RunLock lock, SchemaInspector schema, TableCreator tableCreator,
            MigrationMetrics metrics, SlicePlanner slicePlanner, MigratorSettings settings) {
        this.source = source;
        this.target = target;
        this.targetTables = targetTables;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.active = active;
        this.lock = lock;
        this.schema = schema;
        this.tableCreator = tableCreator;
        this.metrics = metrics;
        this.slicePlanner = slicePlanner;
        this.settings = settings;
        this.targetSchema = settings.targetSchema();
    }

    /**
     * Maps every table of the run onto its target before a single row moves; any table that does not fit
     * fails the run with a report naming each problem.
     */
    public List<TableRun> begin(MigrationRun run) {
        run.setState(RunState.RUNNING);
        metrics.runState(RunState.RUNNING);
        run.watchStopRequests(() -> runs.isStopRequested(run.getId()));
        runs.runStarted(run.getId());
        // a resumed run skips the tables it already finished
        Map<String, RunState> states = new java.util.HashMap<>();
        runs.tables(run.getId()).forEach(t -> states.put(t.table(), t.state()));
        List<TableRun> toCopy = run.getTables().stream()
                .filter(t -> states.get(t.getTable()) != RunState.SUCCEEDED).toList();
        LOG.infof("Run %d started: %s", run.getId(), toCopy.stream().map(TableRun::getTable).toList());

        Map<String, SourceTable> sourceTables = source.tables();
        Map<String, Optional<TargetTable>> targetTables = new java.util.HashMap<>();
        for (TableRun table : toCopy) {
            Optional<TargetTable> found = target.find(targetSchema, table.getTable());
            SourceTable sourceTable = sourceTables.get(table.getTable());
            if (found.isEmpty() && sourceTable != null && run.getOptions().createMissingTables()) {
                tableCreator.create(targetSchema, sourceTable);
                found = target.find(targetSchema, table.getTable());
            }
            targetTables.put(table.getTable(), found);
        }
        SchemaDiff diff = schema.diff(toCopy.stream().map(TableRun::getTable).toList(), sourceTables, targetTables::get);
        if (!diff.ok()) {
            throw new SchemaMismatchException("schema preflight failed, nothing was written: " + diff.blockingSummary());
        }
        for (TableRun table : toCopy) {
            TargetTable targetTable = targetTables.get(table.getTable()).orElseThrow();
            TableMapping mapping = new TableMapping(targetTable,
                    List.copyOf(sourceTables.get(table.getTable()).columns().keySet()));
            String watermark = settings.watermarkColumns().getOrDefault(table.getTable(), settings.watermarkColumn());
            table.plan(mapping, UpsertStatement.sql(mapping), CopyRows.sql(mapping), mapping.indexOf(watermark) >= 0 ? watermark : null);
        }
        return toCopy;
    }

    /** Counts the source rows and returns the slices still to read: all of them, or the unfinished ones on resume. */
    public List<SliceCursor> startTable(TableRun table) {
        long sourceRows = source.count(table.getTable());
        String column = table.getWatermarkColumn();
        // the watermark is taken before reading: rows changed while the copy runs are newer than it
        String watermark = column == null ? null : source.max(table.getTable(), column).orElse(null);
        String changedSince = null;
        if (table.getRun().getOptions().isIncremental()) {
            changedSince = column == null ? null : runs.lastWatermark(table.getTable()).map(this::withOverlap).orElse(null);
            if (changedSince == null) {
                LOG.infof("Table %s has no %s from an earlier successful copy: incremental run reads all its rows",
                        table.getTable(), column == null ? "change-tracking column" : column + " watermark");
            }
        }
        runs.tableStarted(table.getRunId(), table.getTable(), sourceRows, watermark, changedSince);
        table.counted(sourceRows);
        Optional<TableRecord> recorded = runs.tables(table.getRunId()).stream()
                .filter(t -> t.table().equals(table.getTable())).findFirst();
        metrics.tableStarted(table.getTable(), sourceRows, recorded.map(t -> t.written() + t.deadLettered()).orElse(0L));
        // a resumed table keeps the bound its first start chose
        table.setChangedSince(recorded.map(TableRecord::changedSince).orElse(changedSince));
        table.started();
        LOG.infof("Table %s started: %d source rows%s", table.getTable(), sourceRows,
                table.getChangedSince() == null ? "" : ", copying rows with " + column + " >= " + table.getChangedSince());

        List<SliceRecord> slices = checkpoints.slices(table.getRunId(), table.getTable());
        if (slices.isEmpty()) {
            slices = slicePlanner.plan(table, sourceRows);
            checkpoints.create(table.getRunId(), table.getTable(), slices);
        }
        List<SliceCursor> cursors = slices.stream().filter(s -> !s.done())
                .map(s -> new SliceCursor(table, s.number(), s.resumeAfter(), s.upperKey()))
                .toList();
        // a range the target holds nothing of yet is loaded with COPY; any other is upserted
        cursors.stream().filter(s -> !targetTables.holdsKeysIn(table.getMapping(), s.getLastRead(), s.getUpperKey()))
                .forEach(SliceCursor::loadInBulk);
        return cursors;
    }

    /** Key ranges for a pass that checks the whole table (verification, deleted rows), read in parallel. */
    public List<SliceCursor> scanRanges(TableRun table, boolean keysOnly) {
        return slicePlanner.plan(table, table.getSourceRows()).stream()
                .map(r -> SliceCursor.scan(table, r.lowerKey(), r.upperKey(), keysOnly)).toList();
    }

    /** Closes a key range once it was read to its end (not when it was stopped). */
    public void endSlice(SliceCursor slice) {
        if (slice.isEndReached()) {
            checkpoints.done(slice.getRunId(), slice.getTable(), slice.getNumber());
        }
    }

    /** Compares row counts, moves sequences past the copied ids and records the table's outcome. */
    public void endTable(TableRun table) {
        boolean allRead = checkpoints.slices(table.getRunId(), table.getTable()).stream().allMatch(SliceRecord::done);
        if (!allRead) {
            runs.tableEnded(table.getRunId(), table.getTable(), RunState.STOPPED, null, null, null, null);
            LOG.infof("Table %s stopped; resume continues from its checkpoints", table.getTable());
            return;
        }
        TableMapping mapping = table.getMapping();
        targetTables.syncSequences(mapping.target(), mapping.columns());
        long sourceRows = source.count(table.getTable());
        long targetRows = targetTables.count(mapping.target());
        boolean verified = sourceRows == targetRows;
        runs.tableEnded(table.getRunId(), table.getTable(), RunState.SUCCEEDED, sourceRows, targetRows, verified, null);
        LOG.infof("Table %s done in %.3f s: %d source rows, %d target rows, %s", table.getTable(), table.elapsedSeconds(),
                sourceRows, targetRows, verified ? "counts match" : "COUNTS DIFFER");
    }

    /** A verify run's table: counted on both sides, then compared row by row by the verify-table route. */
    public void startVerification(TableRun table) {
        long sourceRows = source.count(table.getTable());
        table.counted(sourceRows);
        runs.tableStarted(table.getRunId(), table.getTable(), sourceRows, null, null);
        table.started();
        LOG.infof("Table %s: verifying row by row", table.getTable());
    }

    public void endVerification(TableRun table, VerificationReport report) {
        RunState state = report.isComplete() ? RunState.SUCCEEDED : RunState.STOPPED;
        runs.tableEnded(table.getRunId(), table.getTable(), state, null,
                targetTables.count(table.getMapping().target()), report.isContentEqual(), null);
    }


    public void endRun(MigrationRun run) {
        boolean stopped = runs.tables(run.getId()).stream().anyMatch(t -> t.state() != RunState.SUCCEEDED);
        if (stopped) {
            finish(run, RunState.STOPPED, null, run.getStopReason());
        } else {
            finish(run, RunState.SUCCEEDED, null, null);
        }
    }

    /** Frees this process and the cross-replica lock for the next run, however the run ended. */
    public void release(MigrationRun run) {
        active.release(run);
        lock.release();
    }

    public void failRun(MigrationRun run, Exception failure) {
        String reason = describe(failure);
        runs.failRunningTables(run.getId(), reason);
        LOG.errorf("Run %d failed: %s", run.getId(), reason);
        LOG.debug("Cause of the failure", failure);
        finish(run, RunState.FAILED, reason, null);
    }

    private void finish(MigrationRun run, RunState state, String error, String stopReason) {
        run.setState(state);
        metrics.runState(state);
        runs.runEnded(run.getId(), state, error, stopReason);
        List<TableSummary> summary = new ArrayList<>();
        for (TableRecord t : runs.tables(run.getId())) {
            TableRun live = run.getTables().stream().filter(r -> r.getTable().equals(t.table())).findFirst().orElseThrow();
            double seconds = t.startedAt() == null || t.finishedAt() == null ? 0
                    : (t.finishedAt().toEpochMilli() - t.startedAt().toEpochMilli()) / 1000.0;
            summary.add(new TableSummary(t.table(), t.state(), t.sourceRows(), live.getRead(), t.written(), t.deadLettered(),
                    seconds, t.verified()));
        }
        LOG.infof("Run %d %s%n%s", run.getId(), state, SummaryReport.format(summary));
    }

    /** The last watermark minus the configured overlap, so rows committed late are read again, not missed. */
    private String withOverlap(String watermark) {
        try {
            return OffsetDateTime.parse(watermark).minus(settings.incrementalOverlap())
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notATimestamp) {
            return watermark; // a version number or the like: no clock skew to allow for
        }
    }

    /** One line that says what failed and where, for the run's error and the API: Camel's wrappers peeled off. */
    public static String describe(Throwable failure) {
        if (SqlFailures.sqlState(failure) != null) {
            // the database's own words, never the statement text (Spring's message quotes all of it)
            return "target database: " + SqlFailures.reason(failure);
        }
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof org.apache.camel.CamelExchangeException
                || cause instanceof org.apache.camel.RuntimeCamelException || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
