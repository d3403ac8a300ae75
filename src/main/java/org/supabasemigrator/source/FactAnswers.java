package org.supabasemigrator.source;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.TableRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the answers to {@link FactQueries}: the pieces a table's facts are gathered from. */
@ApplicationScoped
@Named("factAnswers")
public class FactAnswers {

    /** The first row (null for an empty table), its size as served, and the planner's estimate of the rows. */
    public record FirstRow(Long estimatedRows, SourceRecord record, int bytes) {
    }

    /** The row holding the highest key (null for an empty table). */
    public record LastRow(SourceRecord record) {
    }

    /** The newest change-tracking value (null when every row has none). */
    public record Watermark(String value) {
    }

    private final ObjectMapper json;

    public FactAnswers(ObjectMapper json) {
        this.json = json;
    }

    public FirstRow firstRow(SourceResponse response) {
        SourceRecord record = single(response);
        return new FirstRow(response.total().isPresent() ? response.total().getAsLong() : null, record,
                record == null ? 0 : record.length());
    }

    public LastRow lastRow(SourceResponse response) {
        return new LastRow(single(response));
    }

    /** The row at an offset, for a key range's bound (null past the end). */
    public SourceRecord keyRow(SourceResponse response) {
        return single(response);
    }

    public Watermark watermark(@ExchangeProperty("tableRun") TableRun table, SourceResponse response) {
        try {
            JsonNode value = json.readTree(response.body()).path(0).path(table.getWatermarkColumn());
            return new Watermark(value.isMissingNode() || value.isNull() ? null : value.asText());
        } catch (IOException e) {
            throw new MalformedPageException("newest " + table.getWatermarkColumn() + " of " + table.getTable()
                    + " is not JSON: " + e.getMessage());
        }
    }

    private static SourceRecord single(SourceResponse response) {
        List<SourceRecord> rows = PageFraming.split(response.body());
        return rows.isEmpty() ? null : rows.get(0);
    }
}
