package org.supabasemigrator.transform;

import java.io.IOException;
import java.util.ArrayList;
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
 * parses with each target column's own type. The column types come from the target catalog through the
 * table's {@link TableMapping} (exchange property {@value #MAPPING}).
 */
@ApplicationScoped
@Named("recordTransformer")
public class RecordTransformer implements Processor {

    public static final String MAPPING = "tableMapping";

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void process(Exchange exchange) throws Exception {
        TableMapping mapping = exchange.getProperty(MAPPING, TableMapping.class);
        SourceRecord record = exchange.getMessage().getBody(SourceRecord.class);
        exchange.getMessage().setBody(transform(mapping, record));
    }

    public TargetRow transform(TableMapping mapping, SourceRecord record) {
        List<TargetColumn> columns = mapping.columns();
        String[] values = new String[columns.size()];
        boolean[] present = new boolean[columns.size()];
        byte[] json = record.bytes();
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken(); // START_OBJECT, checked when the page was framed
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int index = mapping.indexOf(parser.currentName());
                parser.nextToken();
                if (index < 0) {
                    parser.skipChildren(); // a column the mapping does not copy (e.g. generated in the target)
                    continue;
                }
                TargetColumn column = columns.get(index);
                values[index] = column.kind() == ColumnKind.ARRAY
                        ? PgText.array(parser, json, column.elementIsJson())
                        : PgText.scalar(parser, json);
                present[index] = true;
            }
        } catch (IOException e) {
            throw new MalformedPageException("a row of " + mapping.table() + " is not valid JSON: " + e.getMessage());
        }
        int[] keyIndexes = mapping.keyIndexes();
        List<String> key = new ArrayList<>(keyIndexes.length);
        for (int i : keyIndexes) {
            if (!present[i] || values[i] == null) {
                // asking again would not help: the source itself serves rows without a key
                throw new SourceException("a row of " + mapping.table() + " has no value for primary key column "
                        + columns.get(i).name() + ": " + abbreviate(record.text()), false);
            }
            key.add(values[i]);
        }
        return new TargetRow(values, key, record);
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
