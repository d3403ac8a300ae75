package org.supabasemigrator.sink;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * Reads what an upsert did from its {@code RETURNING} rows (header {@code upserted}): rows inserted, rows
 * updated; rows already equal return nothing. The counts go to properties {@code rowsInserted} and
 * {@code rowsUpdated} for the checkpoint written in the same transaction.
 */
@ApplicationScoped
@Named("upsertOutcomes")
public class UpsertOutcomes {

    public void tally(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> returned = exchange.getMessage().getHeader("upserted", List.class);
        exchange.getMessage().removeHeader("upserted");
        long inserted = returned == null ? 0 : returned.stream().filter(r -> Boolean.TRUE.equals(r.get("inserted"))).count();
        long updated = returned == null ? 0 : returned.size() - inserted;
        exchange.setProperty("rowsInserted", inserted);
        exchange.setProperty("rowsUpdated", updated);
    }
}
