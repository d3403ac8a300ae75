package org.supabasemigrator.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ColumnKind;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.schema.SchemaComparer;
import org.supabasemigrator.schema.SchemaProblem;
import org.supabasemigrator.source.PageFraming;
import org.supabasemigrator.testsupport.RandomText;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a source row, as PostgREST prints it, becomes text that PostgreSQL reads back into the same value. */
class RecordTransformerTest {

    private static final Table CLIENTS = table(List.of(
            column("id", "bigint", ColumnKind.SCALAR, false),
            column("visit_history", "jsonb", ColumnKind.JSON, false),
            column("favorite_staff_ids", "integer[]", ColumnKind.ARRAY, false),
            column("preferred_time_slots", "text[]", ColumnKind.ARRAY, false),
            column("total_spent", "numeric(14,3)", ColumnKind.SCALAR, false),
            column("is_blocked", "boolean", ColumnKind.SCALAR, false),
            column("grid", "integer[]", ColumnKind.ARRAY, false),
            column("documents", "jsonb[]", ColumnKind.ARRAY, true)));

    private final RecordTransformer transformer = new RecordTransformer();
    private final TableMapping mapping = new TableMapping(CLIENTS, CLIENTS.columns().stream().map(Column::name).toList());

    @Test
    void numbersKeepEveryDigitAndTheirScale() {
        TargetRow row = transform("{\"id\":9007199254740993,\"total_spent\":1500.000}");
        assertThat(value(row, "id")).isEqualTo("9007199254740993");
        assertThat(value(row, "total_spent")).isEqualTo("1500.000");
        assertThat(row.key()).containsExactly("9007199254740993");
    }

    @Test
    void jsonColumnsArriveAsTextAndPassThroughUntouched() {
        TargetRow row = transform("{\"id\":1,\"visit_history\":\"[{\\\"cost\\\": 1500.000, \\\"staff_id\\\": null}]\"}");
        assertThat(value(row, "visit_history")).isEqualTo("[{\"cost\": 1500.000, \"staff_id\": null}]");
    }

    @Test
    void sqlNullStaysNullAndJsonNullStaysJsonNull() {
        assertThat(value(transform("{\"id\":1,\"visit_history\":null}"), "visit_history")).isNull();
        assertThat(value(transform("{\"id\":1,\"visit_history\":\"null\"}"), "visit_history")).isEqualTo("null");
    }

    @Test
    void jsonArraysBecomeArrayLiteralsWithNullElements() {
        TargetRow row = transform("{\"id\":1,\"favorite_staff_ids\":[1,null,3],\"preferred_time_slots\":[]}");
        assertThat(value(row, "favorite_staff_ids")).isEqualTo("{1,NULL,3}");
        assertThat(value(row, "preferred_time_slots")).isEqualTo("{}");
    }

    @Test
    void textArrayElementsAreQuotedSoDelimitersStayText() {
        TargetRow row = transform("{\"id\":1,\"preferred_time_slots\":[\"a,b\",\"{brace}\",\"quo\\\"te\",\"back\\\\slash\","
                + "\" spaced \",\"NULL\",\"\",null]}");
        assertThat(value(row, "preferred_time_slots"))
                .isEqualTo("{\"a,b\",\"{brace}\",\"quo\\\"te\",\"back\\\\slash\",\" spaced \",\"NULL\",\"\",NULL}");
    }

    @Test
    void nestedArraysAreDimensionsButInsideJsonArraysTheyAreValues() {
        TargetRow row = transform("{\"id\":1,\"grid\":[[1,2],[3,4]],\"documents\":[{\"a\":[1, 2]},[1,{\"b\":null}]]}");
        assertThat(value(row, "grid")).isEqualTo("{{1,2},{3,4}}");
        assertThat(value(row, "documents")).isEqualTo("{\"{\\\"a\\\":[1, 2]}\",\"[1,{\\\"b\\\":null}]\"}");
    }

    @Test
    void booleansAndTheRecordAsReceivedAreKept() {
        String json = "{\"id\":7,\"is_blocked\":false}";
        TargetRow row = transform(json);
        assertThat(value(row, "is_blocked")).isEqualTo("false");
        assertThat(row.json()).isEqualTo(json);
    }

    @Test
    void aRowFramedFromAPageIsReadInPlaceAndCopiesItsNestedJsonExactly() {
        byte[] page = ("[{\"id\":1,\"documents\":[{\"x\":1}]},\n {\"id\":2,\"documents\":[{\"мастер\":\"Анна\\tК.\"}],"
                + "\"visit_history\":\"{\\\"note\\\": \\\"line\\\\nbreak\\\"}\"}]").getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> records = PageFraming.split(page);
        TargetRow second = transformer.transform(mapping, records.get(1));
        assertThat(second.key()).containsExactly("2");
        assertThat(value(second, "documents")).isEqualTo("{\"{\\\"мастер\\\":\\\"Анна\\\\tК.\\\"}\"}");
        assertThat(value(second, "visit_history")).isEqualTo("{\"note\": \"line\\nbreak\"}");
        assertThat(second.json()).startsWith("{\"id\":2,").endsWith("}");
    }

    @Test
    void valuesHoldingCopyDelimitersAreEscapedInTheLineAndReadBackExactly() {
        TargetRow row = transform("{\"id\":1,\"visit_history\":\"tab\\there\\nnew line\\r\\\\ back\",\"preferred_time_slots\":[\"a\\tb\"]}");
        String line = new String(row.copyLine(), StandardCharsets.UTF_8);
        assertThat(line.chars().filter(c -> c == '\t').count()).as("separators of 8 columns").isEqualTo(7);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(value(row, "visit_history")).isEqualTo("tab\there\nnew line\r\\ back");
        assertThat(value(row, "preferred_time_slots")).isEqualTo("{\"a\tb\"}");
        assertThat(value(row, "total_spent")).isNull();
    }

    @Test
    void everyStringJacksonWritesIsReadBackExactlyWithOrWithoutUnicodeEscapes() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper escaping = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String text = RandomText.of(random);
            ObjectNode record = plain.createObjectNode().put("id", i).put("visit_history", text);
            record.putArray("preferred_time_slots").add(text).addNull();
            for (ObjectMapper writer : List.of(plain, escaping)) {
                TargetRow row = transform(writer.writeValueAsString(record));
                assertThat(value(row, "visit_history")).isEqualTo(text);
                assertThat(value(row, "preferred_time_slots"))
                        .isEqualTo("{\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\",NULL}");
            }
        }
    }

    @Test
    void aRowThatIsNotValidJsonIsRefusedWithTheTableNameAndWhere() {
        assertThatThrownBy(() -> transform("{\"id\":1,\"total_spent\":15.}"))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("a row of clients is not valid JSON").hasMessageContaining("at byte");
        assertThatThrownBy(() -> transform("{\"id\":1,\"visit_history\":\"no end}"))
                .isInstanceOf(RecordException.class).hasMessageContaining("does not end");
    }

    @Test
    void aRowWithoutItsPrimaryKeyIsRefusedWithTheTableName() {
        assertThatThrownBy(() -> transform("{\"total_spent\":1}"))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("clients").hasMessageContaining("key column id");
    }

    @Test
    void sourceColumnsMissingInTheTargetAreRefusedBeforeAnyRow() {
        SourceTable source = new SourceTable("clients", java.util.Map.of("id", "bigint", "loyalty_level", "text"),
                List.of("id"), List.of());
        assertThat(SchemaComparer.compare("clients", source, java.util.Optional.of(CLIENTS), true).problems())
                .filteredOn(p -> p.blocking()).extracting(SchemaProblem::column, SchemaProblem::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("loyalty_level", SchemaProblem.Kind.MISSING_COLUMN));
    }

    private TargetRow transform(String json) {
        return transformer.transform(mapping, SourceRecord.of(json));
    }

    private String value(TargetRow row, String column) {
        return row.values()[mapping.indexOf(column)];
    }

    private static Column column(String name, String type, ColumnKind kind, boolean elementIsJson) {
        return new Column(name, type, type, kind, SourceForm.NATIVE, elementIsJson, false, false, false, false, false,
                true);
    }

    private static Table table(List<Column> columns) {
        return new Table("public", "clients", columns, List.of("id"), Table.KeySource.PRIMARY_KEY, true, List.of(),
                List.of(), true);
    }
}
