package org.supabasemigrator.transform;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.supabasemigrator.catalog.ColumnKind;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.source.MalformedPageException;
import org.supabasemigrator.source.SourceException;
import org.supabasemigrator.source.SourceRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The transform step: a source record (JSON object) becomes a {@link TargetRow} whose values PostgreSQL
 * parses with each target column's own type, written as one line of COPY text in a single pass over the JSON. The column types come from the target catalog through the
 * table's {@link TableMapping} (exchange property {@value #MAPPING}).
 */
@ApplicationScoped
@Named("recordTransformer")
public class RecordTransformer implements Processor {

    public static final String MAPPING = "tableMapping";

    private static final JsonFactory JSON = new JsonFactory();
    private static final ThreadLocal<CopyLine> LINES = ThreadLocal.withInitial(CopyLine::new);

    @Override
    public void process(Exchange exchange) throws Exception {
        TableMapping mapping = exchange.getProperty(MAPPING, TableMapping.class);
        SourceRecord record = exchange.getMessage().getBody(SourceRecord.class);
        exchange.getMessage().setBody(transform(mapping, record));
    }

    public TargetRow transform(TableMapping mapping, SourceRecord record) {
        List<TargetColumn> columns = mapping.columns();
        // each value is written once into the thread's line buffer, then the line is assembled in mapping order
        CopyLine line = LINES.get();
        line.reset();
        int[] starts = new int[columns.size()];
        int[] ends = new int[columns.size()];
        Arrays.fill(starts, -1);
        int[] keyIndexes = mapping.keyIndexes();
        String[] key = new String[keyIndexes.length];
        byte[] json = record.bytes();
        try (JsonParser parser = JSON.createParser(json, record.offset(), record.length())) {
            parser.nextToken(); // START_OBJECT, checked when the page was framed
            int next = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int index = mapping.indexOf(parser.currentName(), next);
                next = index + 1;
                parser.nextToken();
                if (index < 0) {
                    parser.skipChildren(); // a column the mapping does not copy (e.g. generated in the target)
                    continue;
                }
                int keyPosition = mapping.keyPosition(index);
                if (keyPosition >= 0) {
                    key[keyPosition] = parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getText();
                }
                TargetColumn column = columns.get(index);
                starts[index] = line.position();
                if (column.kind() == ColumnKind.ARRAY) {
                    PgText.array(parser, json, record.offset(), column.elementIsJson(), line);
                } else {
                    PgText.scalar(parser, json, record.offset(), line);
                }
                ends[index] = line.position();
            }
        } catch (IOException e) {
            throw new MalformedPageException("a row of " + mapping.table() + " is not valid JSON: " + e.getMessage());
        }
        for (int k = 0; k < keyIndexes.length; k++) {
            if (key[k] == null) {
                // asking again would not help: the source itself serves rows without a key
                throw new SourceException("a row of " + mapping.table() + " has no value for primary key column "
                        + columns.get(keyIndexes[k]).name() + ": " + abbreviate(record.text()), false);
            }
        }
        return new TargetRow(line.line(starts, ends), List.of(key), record);
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
