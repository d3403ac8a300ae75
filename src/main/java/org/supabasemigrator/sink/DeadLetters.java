package org.supabasemigrator.sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.transform.TargetRow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns a row the target refused, and the reason, into the {@link DeadLetter} the dead-letter route stores. */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeadLetter of(@ExchangeProperty("slice") SliceCursor slice, TargetRow row,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        return new DeadLetter(slice.getRunId(), slice.getTable(), keyJson(slice.getTableRun().getMapping().keyColumns(), row.key()),
                row.json(), SqlFailures.sqlState(failure), SqlFailures.message(failure), row.key().toArray(String[]::new));
    }

    static String keyJson(List<String> columns, List<String> values) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            key.put(columns.get(i), values.get(i));
        }
        try {
            return JSON.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
