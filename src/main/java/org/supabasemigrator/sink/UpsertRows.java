package org.supabasemigrator.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.WriteOutcome;

/**
 * Writes a batch with its table's {@link UpsertStatement}, in the caller's transaction (the one that moves the
 * checkpoint): rows new to the target are inserted, changed ones updated, equal ones left alone.
 */
@ApplicationScoped
@Named("upsertRows")
public class UpsertRows {

    private final JdbcTemplate jdbc;
    private final Map<TableMapping, String> statements = Collections.synchronizedMap(new WeakHashMap<>());

    public UpsertRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A slice's batch. */
    public WriteOutcome write(@ExchangeProperty("slice") Slice slice, RowBatch batch) {
        return write(slice.getTableRun().getMapping(), batch);
    }

    public WriteOutcome write(TableMapping mapping, RowBatch batch) {
        long started = System.nanoTime();
        String sql = statements.computeIfAbsent(mapping, UpsertStatement::sql);
        List<Object> columns = new ArrayList<>();
        batch.forEach(columns::add);
        List<Boolean> inserted = jdbc.query(sql, (rs, i) -> rs.getBoolean(1), columns.toArray());
        long insertedRows = inserted.stream().filter(Boolean::booleanValue).count();
        return WriteOutcome.upserted(batch, insertedRows, inserted.size() - insertedRows, started);
    }
}
