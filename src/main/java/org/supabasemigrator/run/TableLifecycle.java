package org.supabasemigrator.run;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.CheckpointStore;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.SliceRecord;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.bookkeeping.VerificationStore;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableFacts;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.VerificationReport;
import org.supabasemigrator.model.event.SourceRowsCounted;
import org.supabasemigrator.model.event.TableStarted;
import org.supabasemigrator.sink.DeferredIndexes;
import org.supabasemigrator.sink.TargetTables;
import org.supabasemigrator.targetdb.TargetOutage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table's and its key ranges' life cycle, called by routes {@code copy-table} and {@code copy-slice}: open the
 * table from its facts (record it, plan or read back its key ranges), hand out the slices still to read,
 * continue a slice from the target's checkpoints after an outage, close slices, and close the table (sequences,
 * verification, outcome).
 */
@ApplicationScoped
@Named("tableLifecycle")
public class TableLifecycle {

    private static final Logger LOG = Logger.getLogger(TableLifecycle.class);

    private final RunStore runs;
    private final CheckpointStore checkpoints;
    private final VerificationStore verifications;
    private final TargetTables targetTables;
    private final DeferredIndexes indexes;
    private final SlicePlanner planner;
    private final TargetOutage outage;
    private final TableVerdict verdicts;
    private final Event<TableStarted> started;
    private final Event<SourceRowsCounted> counted;
    private final ObjectMapper json;
    private final Duration overlap;
    private final boolean indexesAfterLoad;

    public TableLifecycle(RunStore runs, CheckpointStore checkpoints, VerificationStore verifications,
            TargetTables targetTables, DeferredIndexes indexes, SlicePlanner planner, TargetOutage outage,
            TableVerdict verdicts, Event<TableStarted> started,
            Event<SourceRowsCounted> counted,
            ObjectMapper json, MigratorSettings settings) {
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.verifications = verifications;
        this.targetTables = targetTables;
        this.indexes = indexes;
        this.planner = planner;
        this.outage = outage;
        this.verdicts = verdicts;
        this.started = started;
        this.counted = counted;
        this.json = json;
        this.overlap = settings.incrementalOverlap();
        this.indexesAfterLoad = settings.target().deferIndexes();
    }

    /** Records the table's start and plans its key ranges (or reads back those of an earlier start). */
    public KeyRanges open(@ExchangeProperty("tableRun") TableRun table, TableFacts facts) {
        Mode mode = table.getRun().getMode();
        table.setFirstRowBytes(facts.rowBytes());
        String changedSince = null;
        if (mode == Mode.INCREMENTAL && table.getWatermarkColumn() != null) {
            changedSince = runs.lastWatermark(table.getTable()).map(this::withOverlap).orElse(null);
        }
        if (mode == Mode.INCREMENTAL && changedSince == null) {
            LOG.infof("Table %s has no %s from an earlier successful copy: incremental run reads all its rows",
                    table.getTable(), table.getWatermarkColumn() == null ? "change-tracking column"
                            : table.getWatermarkColumn() + " watermark");
        }
        runs.tableStarted(table.getRunId(), table.getTable(), facts.estimatedRows(), facts.watermark(), changedSince,
                table.getPosition());
        Optional<TableRecord> recorded = runs.table(table.getRunId(), table.getTable());
        // a resumed table keeps the bound its first start chose
        table.setChangedSince(recorded.map(TableRecord::changedSince).orElse(changedSince));
        table.setSourceRows(facts.estimatedRows() == null ? 0 : facts.estimatedRows());
        started.fire(new TableStarted(table.getTable(), table.getSourceRows(),
                recorded.map(TableRecord::done).orElse(0L)));
        table.started();
        table.setFirstPageLimit(planner.firstPageLimit(facts));
        LOG.infof("Table %s started: about %s source rows%s", table.getTable(),
                facts.estimatedRows() == null ? "?" : facts.estimatedRows(), table.getChangedSince() == null ? ""
                        : ", copying rows with " + table.getWatermarkColumn() + " >= " + table.getChangedSince());
        List<SliceRecord> slices = checkpoints.slices(table.getRunId(), table.getTable());
        if (mode == Mode.VERIFY && !slices.isEmpty() && slices.stream().allMatch(SliceRecord::done)) {
            checkpoints.clear(table.getRunId(), table.getTable()); // compared whole before: compare afresh
            verifications.clear(table.getRunId(), table.getTable());
            slices = List.of();
        }
        if (slices.isEmpty() && mode == Mode.FULL) {
            indexAfterLoad(table);
        }
        return slices.isEmpty() ? planner.plan(table, facts, mode == Mode.VERIFY ? Slice.Purpose.VERIFY : Slice.Purpose.COPY)
                : KeyRanges.recorded(slices, planner.firstPageLimit(facts));
    }

    /** A table the first start of a full run finds empty in the target is loaded first, indexed after. */
    private void indexAfterLoad(TableRun table) {
        Table target = table.getMapping().target();
        if (indexesAfterLoad && target.owned() && !targetTables.holdsKeysIn(table.getMapping(), null, null)) {
            indexes.defer(table.getRunId(), target);
        }
    }

    /** The slices still to read: ranges recorded (new ones now), each probed whether it can be bulk-loaded. */
    public List<Slice> slices(@ExchangeProperty("tableRun") TableRun table, KeyRanges ranges) {
        List<SliceRecord> records = ranges.ranges();
        if (!ranges.isRecorded()) {
            checkpoints.create(table.getRunId(), table.getTable(), records);
        }
        List<Slice> slices = new ArrayList<>();
        for (SliceRecord record : records) {
            if (record.done()) {
                continue;
            }
            Slice slice = new Slice(table, record.number(), record.purpose(), record.lowerKey(), record.upperKey(),
                    record.lastKey(), record.verifiedKey(), ranges.firstPageLimit());
            probeBulkLoad(slice);
            slices.add(slice);
        }
        return slices;
    }

    /** A range the target holds nothing of yet (above where reading resumes) is loaded with COPY; any other is upserted. */
    private void probeBulkLoad(Slice slice) {
        if (slice.getPurpose() == Slice.Purpose.COPY) {
            slice.loadInBulk(!targetTables.holdsKeysIn(slice.getTableRun().getMapping(), slice.getLastRead(),
                    slice.getUpperKey()));
        }
    }

    /**
     * After the target went away (or its checkpoint was found elsewhere than this process left it): waits for the
     * target, then continues the slice from its checkpoints as the target holds them now, so no batch lost with
     * a crashed target is skipped.
     */
    public void rewind(@ExchangeProperty("slice") Slice slice) {
        outage.awaitAvailable("continue " + slice);
        SliceRecord now = checkpoints.position(slice);
        slice.rewind(now.lastKey(), now.verifiedKey());
        probeBulkLoad(slice);
        LOG.warnf("%s continues from the target's checkpoint (%s)", slice,
                slice.getLastRead() == null ? "from the start" : "after " + slice.getLastRead());
    }

    /**
     * The re-reading pass of a table copied to its end (verification REREAD): the copy's key ranges once more,
     * compared with the target and nothing written, recorded beside the copy's so a resume continues it; empty
     * when the table is not re-read or its copy was stopped.
     */
    public List<Slice> rereadSlices(@ExchangeProperty("tableRun") TableRun table) {
        if (!table.isRereading()) {
            return List.of();
        }
        List<SliceRecord> recorded = checkpoints.slices(table.getRunId(), table.getTable());
        List<SliceRecord> copies = recorded.stream().filter(s -> s.purpose() == Slice.Purpose.COPY).toList();
        if (!copies.stream().allMatch(SliceRecord::done)) {
            return List.of();
        }
        List<SliceRecord> rereads = recorded.stream().filter(s -> s.purpose() == Slice.Purpose.VERIFY).toList();
        if (rereads.isEmpty()) {
            int first = copies.stream().mapToInt(SliceRecord::number).max().orElse(-1) + 1;
            rereads = copies.stream().map(c -> SliceRecord.planned(first + c.number(), Slice.Purpose.VERIFY,
                    c.lowerKey(), c.upperKey())).toList();
            checkpoints.create(table.getRunId(), table.getTable(), rereads);
            LOG.infof("Table %s copied: its %d key range(s) are read again and compared", table.getTable(),
                    rereads.size());
        }
        return rereads.stream().filter(r -> !r.done()).map(r -> new Slice(table, r.number(), Slice.Purpose.VERIFY,
                r.lowerKey(), r.upperKey(), r.lastKey(), r.verifiedKey(), table.getFirstPageLimit())).toList();
    }

    /** A keys-only pass over the table (rows gone from the source), in the key ranges its copy used. */
    public List<Slice> keySlices(@ExchangeProperty("tableRun") TableRun table) {
        List<Slice> slices = new ArrayList<>();
        for (SliceRecord record : checkpoints.slices(table.getRunId(), table.getTable())) {
            slices.add(new Slice(table, record.number(), Slice.Purpose.KEYS, record.lowerKey(), record.upperKey(), null,
                    null, planner.keysPageLimit()));
        }
        return slices;
    }

    /** Closes a key range once it was read to its end (not when it was stopped). */
    public void endSlice(@ExchangeProperty("slice") Slice slice) {
        if (slice.isEndReached()) {
            checkpoints.done(slice);
        }
    }

    /**
     * Ends a table read to its end: its deferred indexes are built, sequences move past the copied ids, the
     * verification is summed and the outcome recorded; SUCCEEDED only when every row is in the target and
     * (where verification ran) equal.
     */
    public void close(@ExchangeProperty("tableRun") TableRun table) {
        boolean allRead = checkpoints.slices(table.getRunId(), table.getTable()).stream().allMatch(SliceRecord::done);
        if (!allRead) {
            runs.tableEnded(table.getRunId(), table.getTable(), RunState.STOPPED, null, null, null);
            LOG.infof("Table %s stopped; resume continues from its checkpoints", table.getTable());
            return;
        }
        TableMapping mapping = table.getMapping();
        Mode mode = table.getRun().getMode();
        indexes.rebuild(table.getRunId(), mapping.target().schema(), mapping.target().name());
        if (mode != Mode.VERIFY) {
            targetTables.syncSequences(mapping.target(), mapping.columns());
        }
        long targetRows = targetTables.count(mapping.target());
        TableRecord counts = runs.table(table.getRunId(), table.getTable()).orElseThrow();
        VerificationReport report = null;
        if (table.isVerifying() || table.isRereading() || mode == Mode.VERIFY) {
            long extraByCount = 0;
            VerificationReport inRanges = verifications.report(table.getRunId(), table.getTable(), true, 0);
            if (mode != Mode.INCREMENTAL && !mapping.keyOrderIsPortable()) {
                // keys ordered by a collation are compared one by one: rows only the target has show in the count
                extraByCount = Math.max(0, targetRows - inRanges.equal() - inRanges.different());
            }
            report = extraByCount == 0 ? inRanges
                    : verifications.report(table.getRunId(), table.getTable(), true, extraByCount);
            if (mode == Mode.INCREMENTAL) {
                report = report.withoutExtra();
            }
        }
        TableVerdict.Verdict verdict = verdicts.judge(counts, report);
        if (report != null) {
            runs.tableVerified(table.getRunId(), table.getTable(), verdict.verified(), json(report));
        }
        long rowsRead = mode == Mode.VERIFY ? counts.compared() : counts.done();
        if (mode != Mode.INCREMENTAL) {
            counted.fire(new SourceRowsCounted(table.getTable(), rowsRead)); // the table's size, not its changes
        }
        runs.tableEnded(table.getRunId(), table.getTable(), verdict.state(), rowsRead, targetRows, verdict.error());
        LOG.infof("Table %s done in %.3f s: %d rows read, %d target rows%s", table.getTable(), table.elapsedSeconds(),
                rowsRead, targetRows, verdict.error() == null ? (verdict.verified() == null ? "" : ", verified")
                        : ", " + verdict.error());
    }

    /** The last watermark minus the configured overlap, so rows committed late are read again, not missed. */
    private String withOverlap(String watermark) {
        try {
            return OffsetDateTime.parse(watermark).minus(overlap).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notATimestamp) {
            return watermark; // a version number or the like: no clock skew to allow for
        }
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
