package org.supabasemigrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** When a key range knows it has read its last page, without asking the source for an empty one. */
class SliceTest {

    static final int ASKED = 1000;

    final TableRun table = new MigrationRun(1, List.of("clients"), new RunOptions(Mode.FULL, false, false, false))
            .planTables(List.of("clients")).get(0);

    Slice range() {
        return new Slice(table, 0, Slice.Purpose.COPY, null, null, null, null, ASKED);
    }

    @Test
    void aShortPageProvesNothingWhileTheSourceHasNeverAnsweredAPageInFull() {
        Slice slice = range();
        slice.answered(600); // the source may cap pages at 600 (PostgREST's max-rows): more rows may follow
        assertThat(slice.isLastPageRead()).isFalse();
        assertThat(table.getFullPageRows()).isZero();
    }

    @Test
    void aShortPageEndsTheRangeOnceAPageAsLargeCameBackFull() {
        Slice slice = range();
        slice.answered(ASKED);
        assertThat(slice.isLastPageRead()).isFalse();
        assertThat(table.getFullPageRows()).isEqualTo(ASKED);

        slice.answered(370);
        assertThat(slice.isLastPageRead()).as("370 of 1000 rows, from a source that answers 1000").isTrue();
    }

    @Test
    void whatOneRangeLearnsAboutTheSourceServesTheTablesOtherRanges() {
        range().answered(ASKED);
        Slice other = range();
        other.answered(12);
        assertThat(other.isLastPageRead()).isTrue();
    }

    @Test
    void anEmptyPageIsNoLastPageToHandleAndARewindForgetsTheEnd() {
        Slice slice = range();
        slice.answered(ASKED);
        slice.answered(0);
        assertThat(slice.isLastPageRead()).as("an empty page ends the range by itself").isFalse();

        Slice cut = range();
        cut.answered(5);
        assertThat(cut.isLastPageRead()).isTrue();
        cut.rewind(null, null); // the target lost a batch: the range is read again from its checkpoint
        assertThat(cut.isLastPageRead()).isFalse();
    }
}
