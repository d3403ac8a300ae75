package org.supabasemigrator.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.SourceDescription;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.source.SourceDescriptions;
import org.supabasemigrator.source.SourceRequest;
import org.supabasemigrator.source.SourceRequests;
import org.supabasemigrator.source.SourceResponse;

/**
 * PostgREST's description lists a table's columns by name, not in the table's order; a row of the table has
 * them in its order. For tables a run creates in the target (route {@code probe-missing-tables}), the columns
 * are put in the order a probed row shows, so the created table matches the source's.
 */
@ApplicationScoped
@Named("columnOrder")
public class ColumnOrderStrategy implements AggregationStrategy {

    private static final String ORDERS = "probedColumnOrders";

    private final SourceDescriptions descriptions;

    public ColumnOrderStrategy(SourceDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange next) {
        if (gathered != null && gathered.getMessage().getBody() instanceof SourceDescription description) {
            Map<String, List<String>> orders = next.getMessage().getBody(Map.class);
            gathered.getMessage().setBody(reordered(description, orders == null ? Map.of() : orders));
            return gathered;
        }
        Exchange into = gathered == null ? next : gathered;
        Map<String, List<String>> orders = into.getProperty(ORDERS, Map.class);
        if (orders == null) {
            orders = new LinkedHashMap<>();
            into.setProperty(ORDERS, orders);
        }
        SourceRequest probe = next.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        if (probe != null && next.getMessage().getBody() instanceof SourceResponse answer) {
            orders.put(probe.table(), descriptions.probedColumns(answer));
        }
        return into;
    }

    @Override
    public void onCompletion(Exchange gathered) {
        Object orders = gathered.removeProperty(ORDERS);
        if (orders != null) {
            gathered.getMessage().setBody(orders);
        }
    }

    private static SourceDescription reordered(SourceDescription description, Map<String, List<String>> orders) {
        Map<String, SourceTable> tables = new LinkedHashMap<>(description.tables());
        orders.forEach((name, order) -> {
            SourceTable table = tables.get(name);
            if (table != null && !order.isEmpty()) {
                Map<String, String> columns = new LinkedHashMap<>();
                order.stream().filter(table.columns()::containsKey).forEach(c -> columns.put(c, table.columns().get(c)));
                table.columns().forEach(columns::putIfAbsent);
                tables.put(name, new SourceTable(name, columns, table.primaryKey(), table.required()));
            }
        });
        return new SourceDescription(tables, description.unavailable());
    }
}
