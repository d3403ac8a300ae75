package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.transform.RecordTransformer;

/**
 * The content enricher of route {@code copy-table}: the rows read at row offsets (route {@code sample-keys})
 * become the cuts of the table's {@link KeyRanges}. As the split's strategy inside that route it gathers the
 * rows, in offset order.
 */
@ApplicationScoped
@Named("keyCuts")
public class KeyCutsStrategy implements AggregationStrategy {

    private final RecordTransformer transformer;

    public KeyCutsStrategy(RecordTransformer transformer) {
        this.transformer = transformer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange next) {
        Object body = next.getMessage().getBody();
        if (gathered == null) {
            List<Object> rows = new ArrayList<>();
            rows.add(body instanceof SourceRecord ? body : null);
            next.getMessage().setBody(rows);
            return next;
        }
        if (gathered.getMessage().getBody() instanceof KeyRanges ranges) {
            // the enricher: the original exchange, and what the sampling route gathered
            List<Object> rows = next.getMessage().getBody(List.class);
            TableRun table = gathered.getProperty("tableRun", TableRun.class);
            List<List<String>> keys = new ArrayList<>();
            for (Object row : rows == null ? List.of() : rows) {
                keys.add(row instanceof SourceRecord record ? transformer.key(table.getMapping(), record) : null);
            }
            ranges.cutAt(keys);
            return gathered;
        }
        gathered.getMessage().getBody(List.class).add(body instanceof SourceRecord ? body : null);
        return gathered;
    }
}
