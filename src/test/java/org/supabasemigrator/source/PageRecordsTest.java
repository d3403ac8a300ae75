package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A page is taken whole or not at all. */
class PageRecordsTest {

    @Test
    void framesEachRowExactlyAsSent() {
        String page = "[{\"id\":1,\"name\":\"Анна 😀\"}, {\"id\":2,\"tags\":[\"a]\",\"}\"]}]";
        assertThat(PageRecords.split(bytes(page))).extracting(SourceRecord::text)
                .containsExactly("{\"id\":1,\"name\":\"Анна 😀\"}", "{\"id\":2,\"tags\":[\"a]\",\"}\"]}");
    }

    @Test
    void anEmptyArrayIsTheEndOfTheRange() {
        assertThat(PageRecords.split(bytes("[]"))).isEmpty();
    }

    @Test
    void aBodyCutOffMidwayIsRejectedWhole() {
        assertThatThrownBy(() -> PageRecords.split(bytes("[{\"id\":1},{\"id\":2,\"na")))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void anObjectOrAnHtmlPageIsNotAPage() {
        assertThatThrownBy(() -> PageRecords.split(bytes("{\"message\":\"oops\"}")))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> PageRecords.split(bytes("<html><body>502 Bad Gateway</body></html>")))
                .isInstanceOf(MalformedPageException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
