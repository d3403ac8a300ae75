package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

/** Keyset pagination as PostgREST logic trees: every name and value quoted, composite keys with an index condition. */
class KeyFiltersTest {

    @Test
    void aSingleColumnKeyPagesWithGreaterThan() {
        assertThat(after(List.of("id"), List.of("1000"))).isEqualTo("\"id\".gt.\"1000\"");
    }

    @Test
    void aCompositeKeyPagesWithAnIndexConditionBesideAnOrOfAndsAndQuotedValues() {
        assertThat(after(List.of("company_id", "key_type", "key_id"), List.of("962302", "pre-key", "a,b\"c")))
                .isEqualTo("\"company_id\".gte.\"962302\","
                        + "or(\"company_id\".gt.\"962302\","
                        + "and(\"company_id\".eq.\"962302\",\"key_type\".gt.\"pre-key\"),"
                        + "and(\"company_id\".eq.\"962302\",\"key_type\".eq.\"pre-key\",\"key_id\".gt.\"a,b\\\"c\"))");
    }

    @Test
    void aCompositeUpperBoundIsInclusiveOnTheWholeKey() {
        StringJoiner conditions = new StringJoiner(",");
        KeyFilters.upTo(List.of("a", "b"), List.of("1", "x"), conditions);
        assertThat(conditions.toString()).isEqualTo("\"a\".lte.\"1\",or(\"a\".lt.\"1\",and(\"a\".eq.\"1\",\"b\".lte.\"x\"))");
    }

    @Test
    void namesThatPostgrestReservesOrThatHoldDelimitersAreQuotedWithEscapes() {
        assertThat(after(List.of("limit"), List.of("5"))).isEqualTo("\"limit\".gt.\"5\"");
        assertThat(after(List.of("my \"odd\".name,x"), List.of("v\\1"))).isEqualTo("\"my \\\"odd\\\".name,x\".gt.\"v\\\\1\"");
    }

    @Test
    void spacesAreEncodedAsPercentTwentyNotPlus() {
        assertThat(Postgrest.encode("a b+c")).isEqualTo("a%20b%2Bc");
    }

    private static String after(List<String> key, List<String> last) {
        StringJoiner conditions = new StringJoiner(",");
        KeyFilters.after(key, last, conditions);
        return conditions.toString();
    }
}
