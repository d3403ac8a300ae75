package org.supabasemigrator.sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.model.DeadLetter;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.model.WriteOutcome;
import org.supabasemigrator.targetdb.SqlFailures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns a row the target refused, and the reason, into what the dead-letter route stores. */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    private final ObjectMapper json;

    public DeadLetters(ObjectMapper json) {
        this.json = json;
    }

    /** The refused row of a batch of one: its dead letter, and the outcome the checkpoint moves by. */
    public Refusal of(@ExchangeProperty("slice") Slice slice, RowBatch single,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        TargetRow row = single.getRows().get(0);
        single.refused(row);
        DeadLetter letter = new DeadLetter(slice.getRunId(), slice.getTable(),
                keyJson(slice.getTableRun().getMapping().keyColumns(), row.key()), row.json(),
                SqlFailures.sqlState(failure), SqlFailures.message(failure));
        return new Refusal(letter, WriteOutcome.refused(single, row));
    }

    /** A dead letter with the checkpoint move of the same transaction. */
    public record Refusal(DeadLetter letter, WriteOutcome outcome) {
    }

    public String keyJson(List<String> columns, List<String> values) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            key.put(columns.get(i), values.get(i));
        }
        try {
            return json.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
