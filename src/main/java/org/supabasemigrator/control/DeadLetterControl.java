package org.supabasemigrator.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.bookkeeping.DeadLetterStore;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.catalog.TargetCatalog;
import org.supabasemigrator.catalog.TargetTable;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.sink.RowBatch;
import org.supabasemigrator.sink.SqlFailures;
import org.supabasemigrator.sink.UpsertStatement;
import org.supabasemigrator.source.SourceRecord;
import org.supabasemigrator.transform.RecordTransformer;
import org.supabasemigrator.transform.TableMapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control API's operations on dead letters: list them, and replay them against the target as it is now
 * (after an operator fixed the cause). The replay itself is the {@code replay-dead-letters} route.
 */
@ApplicationScoped
@Named("deadLetterControl")
public class DeadLetterControl {

    public static final String REPORT = "replayReport";
    public static final String CURSOR = "replayCursor";
    private static final String HOLDS_LOCK = "replayHoldsLock";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DeadLetterStore store;
    private final TargetCatalog catalog;
    private final RecordTransformer transformer;
    private final RunLock lock;
    private final ActiveRun active;
    private final String targetSchema;

    public DeadLetterControl(DeadLetterStore store, TargetCatalog catalog, RecordTransformer transformer, RunLock lock,
            ActiveRun active, MigratorSettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.transformer = transformer;
        this.lock = lock;
        this.active = active;
        this.targetSchema = settings.targetSchema();
    }

    public DeadLetterPage list(@Header("migration") String migration, @Header("table") String table,
            @Header("limit") Integer limit, @Header("after") Long after) {
        Long run = parseRun(migration);
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, 500));
        List<DeadLetterRecord> items = store.page(run, table, size, after == null ? 0 : after);
        Long next = items.size() == size ? items.get(items.size() - 1).id() : null;
        return new DeadLetterPage(store.count(run, table), items, next);
    }

    /** Starts a replay: takes the runner lock (no run may write meanwhile) and sets out which letters to retry. */
    public void beginReplay(@Body String body, Exchange exchange) {
        Map<String, Object> filter = new HashMap<>();
        if (body != null && !body.isBlank()) {
            try {
                JsonNode request = JSON.readTree(body);
                request.fieldNames().forEachRemaining(field -> {
                    if (!field.equals("migration") && !field.equals("table")) {
                        throw ApiException.badRequest("unknown field '" + field + "'; a replay takes migration and table");
                    }
                });
                filter.put("migration", request.hasNonNull("migration") ? request.get("migration").asText() : null);
                filter.put("table", request.hasNonNull("table") ? request.get("table").asText() : null);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (active.current().isPresent() || !lock.tryAcquire()) {
            throw ApiException.conflict("a migration run is active; replay dead letters when it has ended");
        }
        exchange.setProperty(HOLDS_LOCK, true);
        exchange.setProperty(REPORT, new ReplayReport());
        exchange.setProperty(CURSOR, new ReplayCursor(parseRun((String) filter.get("migration")),
                (String) filter.get("table")));
    }

    /** The next page of dead letters to retry, in id order. */
    public List<DeadLetterRecord> nextPage(@ExchangeProperty(CURSOR) ReplayCursor cursor) {
        return cursor.read(store.page(cursor.run(), cursor.table(), ReplayCursor.PAGE_SIZE, cursor.lastId()));
    }

    /** The dead letter as a row for its table, with the table's upsert statement in {@code upsertSql}. */
    public RowBatch prepare(@Body DeadLetterRecord letter, @ExchangeProperty(CURSOR) ReplayCursor cursor,
            Exchange exchange) {
        TargetTable table = cursor.table(letter.table(), name -> catalog.find(targetSchema, name).orElseThrow(
                () -> new IllegalStateException("target has no table " + targetSchema + "." + name + " for dead letter "
                        + letter.id())));
        List<String> columns = fieldNames(letter.record());
        TableMapping mapping = new TableMapping(table, columns);
        exchange.setProperty("upsertSql", UpsertStatement.sql(mapping));
        exchange.setProperty("deadLetter", letter);
        return RowBatch.of(transformer.transform(mapping, SourceRecord.of(letter.record())));
    }

    public void succeeded(@ExchangeProperty(REPORT) ReplayReport report) {
        report.succeeded();
    }

    public void stillRefused(@ExchangeProperty(REPORT) ReplayReport report,
            @ExchangeProperty("deadLetter") DeadLetterRecord letter,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        store.stillRefused(letter.id(), SqlFailures.sqlState(failure), SqlFailures.message(failure));
        report.failed();
    }

    public ReplayReport endReplay(@ExchangeProperty(REPORT) ReplayReport report) {
        return report;
    }

    /** Frees the run lock if this replay took it (a replay refused with 409 never did). */
    public void release(@ExchangeProperty(HOLDS_LOCK) Boolean holdsLock) {
        if (Boolean.TRUE.equals(holdsLock)) {
            lock.release();
        }
    }

    private static List<String> fieldNames(String json) {
        try {
            List<String> names = new java.util.ArrayList<>();
            JSON.readTree(json).fieldNames().forEachRemaining(names::add);
            return names;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter record is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Long parseRun(String migration) {
        if (migration == null || migration.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(migration);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("migration must be a run id, got '" + migration + "'");
        }
    }
}
