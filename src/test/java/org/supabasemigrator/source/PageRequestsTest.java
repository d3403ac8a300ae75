package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Keyset pagination as PostgREST filters. */
class PageRequestsTest {

    @Test
    void aSingleColumnKeyPagesWithGreaterThan() {
        assertThat(decoded(PageRequests.after(List.of("id"), List.of("1000")))).isEqualTo("id=gt.1000");
    }

    @Test
    void aCompositeKeyPagesWithAnOrOfAndsAndQuotedValues() {
        String filter = decoded(PageRequests.after(List.of("company_id", "key_type", "key_id"),
                List.of("962302", "pre-key", "a,b\"c")));
        assertThat(filter).isEqualTo("or=(company_id.gt.\"962302\","
                + "and(company_id.eq.\"962302\",key_type.gt.\"pre-key\"),"
                + "and(company_id.eq.\"962302\",key_type.eq.\"pre-key\",key_id.gt.\"a,b\\\"c\"))");
    }

    @Test
    void spacesAreEncodedAsPercentTwentyNotPlus() {
        assertThat(PageRequests.encode("a b+c")).isEqualTo("a%20b%2Bc");
    }

    private static String decoded(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }
}
