package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ColumnKind;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.source.PageFraming;
import org.supabasemigrator.transform.RecordTransformer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Does the hand-written byte-level JSON reader pay for itself? The service frames a page into row views
 * ({@link PageFraming#split}) and turns each row into its COPY line and key ({@link RecordTransformer}) without
 * decoding strings to Java characters. The alternative is Jackson's own streaming parser over the same bytes,
 * with byte offsets for the raw values: strings decoded with {@code getText()}, escaped for COPY, encoded to
 * UTF-8 again. Both make the same lines from the same pages (checked row by row before timing), shaped like the
 * clients table as PostgREST serves it (json columns as text, {@code integer[]}, {@code text[]}, numerics,
 * Cyrillic names). One thread, warm JIT; the figure is rows per second and bytes allocated per row.
 */
final class JsonReaderBenchmark {

    /** The measurement: the service's reader against Jackson's, on the same pages. */
    record Result(long rows, double pageMb, double cursorRowsPerSecond, double jacksonRowsPerSecond,
            double cursorBytesPerRow, double jacksonBytesPerRow) {

        double speedup() {
            return cursorRowsPerSecond / jacksonRowsPerSecond;
        }
    }

    private static final List<Column> COLUMNS = List.of(
            column("id", "bigint", ColumnKind.SCALAR, false),
            column("company_id", "integer", ColumnKind.SCALAR, false),
            column("name", "text", ColumnKind.SCALAR, false),
            column("phone", "text", ColumnKind.SCALAR, false),
            column("visit_history", "jsonb", ColumnKind.JSON, false),
            column("preferences", "jsonb", ColumnKind.JSON, false),
            column("favorite_staff_ids", "integer[]", ColumnKind.ARRAY, false),
            column("preferred_time_slots", "text[]", ColumnKind.ARRAY, false),
            column("total_spent", "numeric(14,3)", ColumnKind.SCALAR, false),
            column("is_blocked", "boolean", ColumnKind.SCALAR, false),
            column("created_at", "timestamp with time zone", ColumnKind.SCALAR, false),
            column("notes", "text", ColumnKind.SCALAR, false));
    private static final Table CLIENTS = new Table("public", "clients", COLUMNS, List.of("id"),
            Table.KeySource.PRIMARY_KEY, true, List.of(), List.of(), true);
    private static final TableMapping MAPPING = new TableMapping(CLIENTS, COLUMNS.stream().map(Column::name).toList());

    private final RecordTransformer transformer = new RecordTransformer();
    private final JsonFactory factory = new JsonFactory();

    static Result run(PrintStream out, int pages, int rounds) throws IOException {
        JsonReaderBenchmark bench = new JsonReaderBenchmark();
        List<byte[]> bodies = pages(pages);
        bench.checkSameLines(bodies);
        long rows = 0;
        long bytes = 0;
        for (byte[] body : bodies) {
            bytes += body.length;
        }
        for (int warm = 0; warm < 3; warm++) { // both paths compiled before either is timed
            bench.cursor(bodies);
            bench.jackson(bodies);
        }
        long cursorNanos = Long.MAX_VALUE;
        long jacksonNanos = Long.MAX_VALUE;
        long cursorAllocated = Long.MAX_VALUE;
        long jacksonAllocated = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long allocated = allocatedBytes();
            long start = System.nanoTime();
            rows = bench.cursor(bodies);
            cursorNanos = Math.min(cursorNanos, System.nanoTime() - start);
            cursorAllocated = Math.min(cursorAllocated, allocatedBytes() - allocated);
            allocated = allocatedBytes();
            start = System.nanoTime();
            bench.jackson(bodies);
            jacksonNanos = Math.min(jacksonNanos, System.nanoTime() - start);
            jacksonAllocated = Math.min(jacksonAllocated, allocatedBytes() - allocated);
        }
        Result result = new Result(rows, bytes / 1e6, rows / (cursorNanos / 1e9), rows / (jacksonNanos / 1e9),
                (double) cursorAllocated / rows, (double) jacksonAllocated / rows);
        out.printf(Locale.ROOT, "%n=== JSON reader: pages into COPY lines, one thread, best of %d rounds over %,d rows (%.1f MB"
                + " of clients-shaped JSON) ===%n", rounds, rows, result.pageMb());
        out.printf(Locale.ROOT, "  byte-level reader  %,10.0f rows/s  %,8.0f bytes allocated a row%n",
                result.cursorRowsPerSecond(), result.cursorBytesPerRow());
        out.printf(Locale.ROOT, "  Jackson streaming  %,10.0f rows/s  %,8.0f bytes allocated a row%n",
                result.jacksonRowsPerSecond(), result.jacksonBytesPerRow());
        out.printf(Locale.ROOT, "  the byte-level reader is %.2f x as fast (same lines, checked row by row)%n", result.speedup());
        return result;
    }

    /** The service's path: frame, then transform every row. */
    long cursor(List<byte[]> bodies) {
        long rows = 0;
        long sink = 0;
        for (byte[] body : bodies) {
            for (SourceRecord record : PageFraming.split(body)) {
                TargetRow row = transformer.transform(MAPPING, record);
                sink += row.copyLine().length + row.key().get(0).length();
                rows++;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the work observable to the JIT
        }
        return rows;
    }

    /** Jackson's path: the same lines and keys from its streaming parser. */
    long jackson(List<byte[]> bodies) throws IOException {
        long rows = 0;
        long sink = 0;
        for (byte[] body : bodies) {
            for (JacksonRow row : jacksonRows(body)) {
                sink += row.line().length + row.key().length();
                rows++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return rows;
    }

    record JacksonRow(byte[] line, String key) {
    }

    List<JacksonRow> jacksonRows(byte[] body) throws IOException {
        List<JacksonRow> rows = new ArrayList<>();
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected a JSON array of rows");
            }
            String[] values = new String[COLUMNS.size()];
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Arrays.fill(values, null);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    int index = MAPPING.indexOfField(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (index < 0) {
                        parser.skipChildren();
                    } else if (COLUMNS.get(index).kind() == ColumnKind.ARRAY && value == JsonToken.START_ARRAY) {
                        StringBuilder literal = new StringBuilder();
                        arrayLiteral(parser, body, literal);
                        values[index] = literal.toString();
                    } else {
                        values[index] = scalar(parser, body, value);
                    }
                }
                rows.add(new JacksonRow(copyLine(values), values[MAPPING.keyIndexes()[0]]));
            }
        }
        return rows;
    }

    private static String scalar(JsonParser parser, byte[] body, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> raw(parser, body);
            default -> parser.getText(); // strings decoded; numbers with their exact digits
        };
    }

    private static void arrayLiteral(JsonParser parser, byte[] body, StringBuilder out) throws IOException {
        out.append('{');
        boolean first = true;
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            switch (element) {
                case VALUE_NULL -> out.append("NULL");
                case START_ARRAY -> arrayLiteral(parser, body, out);
                case START_OBJECT -> quoted(raw(parser, body), out);
                case VALUE_STRING -> quoted(parser.getText(), out);
                default -> out.append(parser.getText());
            }
        }
        out.append('}');
    }

    private static void quoted(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** A nested value's JSON text, by the parser's byte offsets. */
    private static String raw(JsonParser parser, byte[] body) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }

    private static byte[] copyLine(String[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            String value = values[i];
            if (value == null) {
                line.append("\\N");
                continue;
            }
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    case '\b' -> line.append("\\b");
                    case '\f' -> line.append("\\f");
                    case 0x0B -> line.append("\\v");
                    default -> line.append(ch);
                }
            }
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Both paths give every row the same line and key, or the comparison means nothing. */
    void checkSameLines(List<byte[]> bodies) throws IOException {
        for (byte[] body : bodies) {
            List<SourceRecord> records = PageFraming.split(body);
            List<JacksonRow> jackson = jacksonRows(body);
            if (records.size() != jackson.size()) {
                throw new IllegalStateException("the readers found " + records.size() + " and " + jackson.size() + " rows");
            }
            for (int i = 0; i < records.size(); i++) {
                TargetRow row = transformer.transform(MAPPING, records.get(i));
                if (!Arrays.equals(row.copyLine(), jackson.get(i).line()) || !row.key().get(0).equals(jackson.get(i).key())) {
                    throw new IllegalStateException("the readers disagree on row " + records.get(i).text() + ":\n  "
                            + new String(row.copyLine(), StandardCharsets.UTF_8) + "\n  "
                            + new String(jackson.get(i).line(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Pages of 1000 clients-shaped rows as PostgREST prints them (json columns selected as text). */
    static List<byte[]> pages(int count) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(20261201);
        List<byte[]> pages = new ArrayList<>();
        long id = 1_000_000_000_000L;
        for (int p = 0; p < count; p++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int r = 0; r < 1000; r++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id++);
                row.put("company_id", 1 + random.nextInt(100));
                row.put("name", name(random));
                row.put("phone", "+7 9" + (100_000_000 + random.nextInt(899_999_999)));
                List<Map<String, Object>> visits = new ArrayList<>();
                for (int v = 5 + random.nextInt(16); v > 0; v--) {
                    Map<String, Object> visit = new LinkedHashMap<>();
                    visit.put("date", "2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
                    visit.put("service", name(random));
                    visit.put("cost", random.nextInt(90_000) / 10.0 + 0.005);
                    visit.put("staff_id", random.nextBoolean() ? null : random.nextInt(50));
                    visit.put("note", random.nextInt(4) == 0 ? "say \"hi\"\n\tback\\slash" : "ok");
                    visits.add(visit);
                }
                row.put("visit_history", json.writeValueAsString(visits));
                row.put("preferences", random.nextInt(5) == 0 ? null : json.writeValueAsString(Map.of("lang", "ru",
                        "reminders", random.nextBoolean(), "channels", List.of("whatsapp", "sms"))));
                row.put("favorite_staff_ids", List.of(random.nextInt(50), random.nextInt(50), random.nextInt(50)));
                row.put("preferred_time_slots", List.of("10:00-12:00", "a,b \"quoted\"", "вечер"));
                row.put("total_spent", new java.math.BigDecimal(random.nextInt(10_000_000)).movePointLeft(3));
                row.put("is_blocked", random.nextInt(20) == 0);
                row.put("created_at", "2025-03-0" + (1 + random.nextInt(9)) + "T1" + random.nextInt(10) + ":30:00.123456+00:00");
                row.put("notes", random.nextInt(3) == 0 ? null : name(random) + " — примечание");
                rows.add(row);
            }
            pages.add(json.writeValueAsBytes(rows));
        }
        return pages;
    }

    private static final String[] NAMES = {"Анна", "Мария", "Ольга", "Елена", "Ирина", "Наталья", "Светлана", "Юлия",
            "Maria", "Sofia", "O'Brien", "Zoë"};

    private static String name(Random random) {
        return NAMES[random.nextInt(NAMES.length)] + " " + NAMES[random.nextInt(NAMES.length)] + "ова";
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Column column(String name, String type, ColumnKind kind, boolean elementIsJson) {
        return new Column(name, type, type, kind, SourceForm.NATIVE, elementIsJson, false, false, false, false, false,
                true);
    }
}
