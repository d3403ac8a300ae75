package org.supabasemigrator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ColumnKind;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.TargetRow;

/** A page's transformed groups of rows gathered back in key order, cut into write batches, checked for repeated keys. */
class RowBatchesTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final RowBatches batches = new RowBatches(250);

    @Test
    void aPagesGroupsComeBackAsItsRowsInKeyOrderCutIntoWriteBatches() {
        TableRun table = table(true);
        Exchange page = gather(table, rows(0, 100), rows(100, 200), rows(200, 300), rows(300, 420));

        @SuppressWarnings("unchecked")
        List<TargetRow> rows = page.getMessage().getBody(List.class);
        assertThat(rows).extracting(row -> row.key().get(0))
                .containsExactlyElementsOf(IntStream.range(0, 420).mapToObj(Integer::toString).toList());
        assertThat(batches.batches(rows)).extracting(RowBatch::getRows).extracting(List::size).containsExactly(250, 170);
    }

    @Test
    void aKeyRepeatedAcrossTwoGroupsStopsATableWhoseKeyIsNotUnique() {
        assertThatThrownBy(() -> gather(table(false), rows(0, 100), rows(99, 150)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not unique in the source").hasMessageContaining("[99]")
                .hasMessageContaining("migrator.key-columns");
    }

    @Test
    void aKeyRepeatedWithinAGroupStopsItToo() {
        assertThatThrownBy(() -> gather(table(false), rows(0, 10), List.of(row(10), row(11), row(11))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[11]");
    }

    @Test
    void aPrimaryKeyIsNotCheckedAgain() {
        assertThat(gather(table(true), rows(0, 10), rows(9, 12)).getMessage().getBody(List.class)).hasSize(13);
    }

    /** The split's aggregation, as Camel calls it: the first group's exchange becomes the page's. */
    @SafeVarargs
    private Exchange gather(TableRun table, List<TargetRow>... groups) {
        Exchange page = null;
        for (List<TargetRow> group : groups) {
            Exchange next = new DefaultExchange(camel);
            next.setProperty("tableRun", table);
            next.getMessage().setBody(group);
            page = batches.aggregate(page, next);
        }
        return page;
    }

    private static List<TargetRow> rows(int from, int to) {
        return IntStream.range(from, to).mapToObj(RowBatchesTest::row).toList();
    }

    private static TargetRow row(int key) {
        String json = "{\"id\":" + key + "}";
        return new TargetRow((key + "\n").getBytes(StandardCharsets.UTF_8), List.of(Integer.toString(key)),
                SourceRecord.of(json));
    }

    private static TableRun table(boolean keyUnique) {
        Column id = new Column("id", "bigint", "bigint", ColumnKind.SCALAR, SourceForm.NATIVE, false, false, false, false,
                false, false, true);
        Table visits = new Table("public", "visits", List.of(id), List.of("id"), Table.KeySource.PRIMARY_KEY, true,
                List.of(), List.of(), true);
        TableRun table = new MigrationRun(1, List.of("visits"), new RunOptions(Mode.FULL, false, false, false))
                .planTables(List.of("visits")).get(0);
        table.plan(new TableMapping(visits, List.of("id")), "id", null, keyUnique);
        return table;
    }
}
