package org.supabasemigrator.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.supabasemigrator.json.JsonCursor;
import org.supabasemigrator.json.MalformedJsonException;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ColumnKind;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.TargetRow;

/**
 * The transform step: each source record (JSON object) of a group becomes a {@link TargetRow} whose values PostgreSQL parses
 * with each target column's own type, written as one line of COPY text in a single pass over the record's
 * bytes. The column types come from the target catalog through the table's {@link TableMapping}.
 */
@ApplicationScoped
@Named("recordTransformer")
public class RecordTransformer implements Processor {

    private static final ThreadLocal<CopyLine> LINES = ThreadLocal.withInitial(CopyLine::new);

    /** A group of a page's records (see {@link org.supabasemigrator.model.Page#getRecordGroups}) into rows, in order. */
    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        TableMapping mapping = exchange.getProperty("tableRun", TableRun.class).getMapping();
        List<SourceRecord> records = exchange.getMessage().getBody(List.class);
        List<TargetRow> rows = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            rows.add(transform(mapping, record));
        }
        exchange.getMessage().setBody(rows);
    }

    public TargetRow transform(TableMapping mapping, SourceRecord record) {
        List<Column> columns = mapping.columns();
        // each value is written once into the thread's line buffer, then the line is assembled in mapping order
        CopyLine line = LINES.get();
        line.reset();
        int[] starts = new int[columns.size()];
        int[] ends = new int[columns.size()];
        Arrays.fill(starts, -1);
        String[] key = new String[mapping.keyIndexes().length];
        JsonCursor in = new JsonCursor(record.bytes(), record.offset(), record.length());
        try {
            in.expect('{');
            int next = 0;
            if (!in.consume('}')) {
                do {
                    int index = field(mapping, in, next);
                    in.expect(':');
                    if (index < 0) {
                        in.skipValue(); // a field the mapping does not copy (generated in the target, a raw copy of an alias)
                        continue;
                    }
                    next = index + 1;
                    int first = in.peek();
                    int valueStart = in.position();
                    starts[index] = line.position();
                    Column column = columns.get(index);
                    if (column.kind() == ColumnKind.ARRAY) {
                        PgText.array(in, column.elementIsJson(), line);
                    } else {
                        PgText.scalar(in, line);
                    }
                    ends[index] = line.position();
                    int keyPosition = mapping.keyPosition(index);
                    if (keyPosition >= 0 && first != 'n') {
                        key[keyPosition] = first == '"' ? in.text(valueStart + 1, in.position() - 1)
                                : new String(in.bytes(), valueStart, in.position() - valueStart, StandardCharsets.UTF_8);
                    }
                } while (in.consume(','));
                in.expect('}');
            }
        } catch (MalformedJsonException e) {
            throw new RecordException("a row of " + mapping.table() + " is not valid JSON: " + e.getMessage());
        }
        int[] keyIndexes = mapping.keyIndexes();
        for (int k = 0; k < keyIndexes.length; k++) {
            if (key[k] == null) {
                // asking again would not help: the source itself serves rows without a key
                throw new RecordException("a row of " + mapping.table() + " has no value for key column "
                        + columns.get(keyIndexes[k]).name() + ": " + abbreviate(record.text()));
            }
        }
        return new TargetRow(line.line(starts, ends), List.of(key), record);
    }

    /** A record's key alone, read the same way (for a page's last row, read ahead of its transform). */
    public List<String> key(TableMapping mapping, SourceRecord record) {
        return transform(mapping, record).key();
    }

    /** The mapping position of the field name at the reader, which moves past it; -1 when not copied. */
    private static int field(TableMapping mapping, JsonCursor in, int expected) {
        if (in.peek() != '"') {
            throw in.unexpected("a field name");
        }
        int from = in.position() + 1;
        int to = in.skipString();
        return in.hasEscape(from, to) ? mapping.indexOfField(in.text(from, to))
                : mapping.indexOfField(in.bytes(), from, to, expected);
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
