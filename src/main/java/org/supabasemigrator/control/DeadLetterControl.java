package org.supabasemigrator.control;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.bookkeeping.DeadLetterStore;
import org.supabasemigrator.run.ActiveRun;
import org.supabasemigrator.sink.DeadLetterReplay;
import org.supabasemigrator.sink.Replay;

/** The control API's operations on dead letters: list them a page at a time, and start a replay. */
@ApplicationScoped
@Named("deadLetterControl")
public class DeadLetterControl {

    private final DeadLetterStore store;
    private final DeadLetterReplay replay;
    private final ActiveRun active;

    public DeadLetterControl(DeadLetterStore store, DeadLetterReplay replay, ActiveRun active) {
        this.store = store;
        this.replay = replay;
        this.active = active;
    }

    public DeadLetterPage list(@Header("migration") String migration, @Header("table") String table,
            @Header("limit") Integer limit, @Header("after") Long after) {
        Long run = parseRun(migration);
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, 500));
        List<DeadLetterRecord> items = store.page(run, table, size, after == null ? 0 : after);
        Long next = items.size() == size ? items.get(items.size() - 1).id() : null;
        return new DeadLetterPage(store.count(run, table), items, next);
    }

    /** Starts a replay of the letters asked for (all without a body); 409 while a run is active. */
    public Replay beginReplay(Exchange exchange) {
        ReplayRequest request = RequestBodies.optional(exchange, ReplayRequest.class);
        ReplayRequest filter = request == null ? new ReplayRequest(null, null) : request;
        try {
            return replay.begin(filter.migration(), filter.table(), active.current().isEmpty());
        } catch (IllegalStateException running) {
            throw ApiException.conflict(running.getMessage());
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
