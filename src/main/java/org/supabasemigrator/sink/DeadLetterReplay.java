package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.bookkeeping.DeadLetterStore;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.catalog.TargetCatalog;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.targetdb.SqlFailures;
import org.supabasemigrator.transform.RecordTransformer;
import org.supabasemigrator.verify.ReferenceCheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Dead letters written again against the target as it is now, by the {@code replay-dead-letters} routes: after an
 * operator fixed what the target refused (a constraint, a missing parent row), or at the end of a load for rows
 * whose parent arrived after them. Each letter is upserted and removed in one transaction; one the target still
 * refuses keeps its newest reason. Where write sessions skip foreign key checks, the replayed tables' keys are
 * checked afterwards, so a replay never lands a row its parent is still missing for.
 */
@ApplicationScoped
@Named("deadLetterReplay")
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final DeadLetterStore store;
    private final TargetCatalog catalog;
    private final RecordTransformer transformer;
    private final UpsertRows upserts;
    private final RunLock lock;
    private final ReferenceCheck references;
    private final TriggerSwitch sessions;
    private final TargetTables targetTables;
    private final ObjectMapper json;
    private final String targetSchema;

    public DeadLetterReplay(DeadLetterStore store, TargetCatalog catalog, RecordTransformer transformer,
            UpsertRows upserts, RunLock lock, ReferenceCheck references, TriggerSwitch sessions, TargetTables targetTables,
            ObjectMapper json, MigratorSettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.transformer = transformer;
        this.upserts = upserts;
        this.lock = lock;
        this.references = references;
        this.sessions = sessions;
        this.targetTables = targetTables;
        this.json = json;
        this.targetSchema = settings.targetSchemaName();
    }

    /** A replay an operator asked for: it takes the run lock, so no run writes meanwhile. */
    public Replay begin(Long migration, String table, boolean noRunActive) {
        if (!noRunActive || !lock.tryAcquire()) {
            throw new IllegalStateException("a migration run is active; replay dead letters when it has ended");
        }
        Replay replay = new Replay(migration, table, null, true);
        replay.switchTriggers(!sessions.replicaSessions());
        return replay;
    }

    /** At the end of a load that checked foreign keys as rows arrived: the rows refused because their parent came later. */
    public Replay laterParents(@ExchangeProperty("run") MigrationRun run) {
        return new Replay(run.getId(), null, "23503", false);
    }

    /** The next page of dead letters to write again, in id order. */
    public List<ReplayItem> nextPage(@ExchangeProperty("replay") Replay replay) {
        List<DeadLetterRecord> page = replay.read(store.page(replay.run(), replay.table(), replay.sqlState(),
                Replay.PAGE_SIZE, replay.lastId(), replay.descending()));
        List<ReplayItem> items = new ArrayList<>();
        for (DeadLetterRecord letter : page) {
            Table table = replay.table(letter.table(), name -> lookUp(replay, name, letter));
            TableMapping mapping = new TableMapping(table, fieldNames(letter.record()));
            items.add(new ReplayItem(letter, mapping, RowBatch.of(transformer.transform(mapping, SourceRecord.of(letter.record())))));
        }
        return items;
    }

    /** A table the replay writes to; where sessions cannot switch triggers off, an operator's replay does it per table. */
    private Table lookUp(Replay replay, String name, DeadLetterRecord letter) {
        Table table = catalog.find(targetSchema, name).orElseThrow(() -> new IllegalStateException(
                "target has no table " + targetSchema + "." + name + " for dead letter " + letter.id()));
        if (replay.switchesTriggers() && table.owned()) {
            sessions.disable(letter.migration(), table);
        }
        return table;
    }

    /** Writes the letter's row, in the caller's transaction (which removes the letter too). */
    public ReplayItem write(ReplayItem item) {
        upserts.write(item.mapping(), item.row());
        return item;
    }

    public void succeeded(@ExchangeProperty("replay") Replay replay) {
        replay.landed();
    }

    public void stillRefused(@ExchangeProperty("replay") Replay replay, ReplayItem item,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        store.stillRefused(item.letter().id(), SqlFailures.sqlState(failure), SqlFailures.message(failure));
        replay.getReport().failed();
    }

    /**
     * Ends the replay: where write sessions skip foreign key checks, rows that landed without their parent go
     * back to the dead letters; returns the report.
     */
    public ReplayReport end(@ExchangeProperty("replay") Replay replay) {
        if (!replay.tables().isEmpty() && sessions.replicaSessions()) {
            List<TableMapping> tables = replay.tables().values().stream()
                    .map(t -> new TableMapping(t, t.columns().stream().map(Column::name).toList())).toList();
            for (Long run : replay.getRuns()) {
                Map<String, Long> movedBack = references.check(run, tables);
                long rows = movedBack.values().stream().mapToLong(Long::longValue).sum();
                replay.getReport().movedBack(rows);
            }
        }
        if (replay.getReport().getSucceeded() > 0) {
            // rows written now may carry ids above where the tables' sequences were moved when they were copied
            replay.tables().values().forEach(t -> targetTables.syncSequences(t, t.columns()));
        }
        LOG.infof("Dead-letter replay: %d written, %d still refused (%d pass(es))", replay.getReport().getSucceeded(),
                replay.getReport().getFailed(), replay.passes());
        return replay.getReport();
    }

    /** Frees the run lock if this replay took it (a replay refused with 409 never did). */
    public void release(@ExchangeProperty("replay") Replay replay) {
        if (replay != null && replay.holdsLock()) {
            try {
                if (replay.switchesTriggers()) {
                    replay.tables().keySet().forEach(table -> sessions.enable(null, table));
                }
            } finally {
                lock.release();
            }
        }
    }

    private List<String> fieldNames(String record) {
        try {
            List<String> names = new ArrayList<>();
            json.readTree(record).fieldNames().forEachRemaining(names::add);
            return names;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter record is not JSON: " + e.getOriginalMessage());
        }
    }
}
