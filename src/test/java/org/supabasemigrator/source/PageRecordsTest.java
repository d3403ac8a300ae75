package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.supabasemigrator.model.SourceRecord;
import org.supabasemigrator.testsupport.RandomText;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A page is taken whole or not at all. */
class PageRecordsTest {

    @Test
    void framesEachRowExactlyAsSent() {
        String page = "[{\"id\":1,\"name\":\"Анна 😀\"}, {\"id\":2,\"tags\":[\"a]\",\"}\"]}]";
        assertThat(PageFraming.split(bytes(page))).extracting(SourceRecord::text)
                .containsExactly("{\"id\":1,\"name\":\"Анна 😀\"}", "{\"id\":2,\"tags\":[\"a]\",\"}\"]}");
    }

    @Test
    void anEmptyArrayIsTheEndOfTheRange() {
        assertThat(PageFraming.split(bytes("[]"))).isEmpty();
    }

    @Test
    void aBodyCutOffMidwayIsRejectedWhole() {
        assertThatThrownBy(() -> PageFraming.split(bytes("[{\"id\":1},{\"id\":2,\"na")))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void anObjectOrAnHtmlPageIsNotAPage() {
        assertThatThrownBy(() -> PageFraming.split(bytes("{\"message\":\"oops\"}")))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> PageFraming.split(bytes("<html><body>502 Bad Gateway</body></html>")))
                .isInstanceOf(MalformedPageException.class);
    }

    @Test
    void framesExactlyThePagesJacksonAccepts() throws Exception {
        ObjectMapper jackson = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Random random = new Random(20261125);
        String alphabet = "{}[]\",:\\/ \t\n0123456789.eE+-truefalsnulx\u0001Ж";
        for (int i = 0; i < 3000; i++) {
            String page = randomPage(jackson, random);
            JsonNode expected = jackson.readTree(page);
            List<SourceRecord> records = PageFraming.split(bytes(page));
            assertThat(records).hasSize(expected.size());
            for (int r = 0; r < records.size(); r++) {
                assertThat(jackson.readTree(records.get(r).text())).isEqualTo(expected.get(r));
            }
            // one byte inserted, deleted or replaced: refused exactly when Jackson refuses it
            StringBuilder mutated = new StringBuilder(page);
            int at = random.nextInt(page.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.insert(at, c);
                case 1 -> mutated.deleteCharAt(at);
                default -> mutated.setCharAt(at, c);
            }
            boolean jacksonAccepts;
            try {
                JsonNode tree = jackson.readTree(mutated.toString());
                jacksonAccepts = tree.isArray() && StreamSupport.stream(tree.spliterator(), false).allMatch(JsonNode::isObject);
            } catch (JsonProcessingException e) {
                jacksonAccepts = false;
            }
            boolean accepted;
            try {
                PageFraming.split(bytes(mutated.toString()));
                accepted = true;
            } catch (MalformedPageException e) {
                accepted = false;
            }
            assertThat(accepted).as("accepted: %s", mutated).isEqualTo(jacksonAccepts);
        }
    }

    /** A page of 0-3 rows of random nested values, printed compactly or with indentation. */
    private static String randomPage(ObjectMapper jackson, Random random) throws JsonProcessingException {
        ArrayNode page = jackson.createArrayNode();
        for (int r = random.nextInt(4); r > 0; r--) {
            page.add(randomObject(jackson, random, 0));
        }
        return random.nextBoolean() ? jackson.writeValueAsString(page)
                : jackson.writerWithDefaultPrettyPrinter().writeValueAsString(page);
    }

    private static ObjectNode randomObject(ObjectMapper jackson, Random random, int depth) {
        ObjectNode object = jackson.createObjectNode();
        for (int f = random.nextInt(4); f > 0; f--) {
            object.set(RandomText.of(random), randomValue(jackson, random, depth + 1));
        }
        return object;
    }

    private static JsonNode randomValue(ObjectMapper jackson, Random random, int depth) {
        JsonNodeFactory nodes = jackson.getNodeFactory();
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> nodes.textNode(RandomText.of(random));
            case 1 -> nodes.numberNode(random.nextLong() >> random.nextInt(64));
            case 2 -> nodes.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
            case 3 -> nodes.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> nodes.booleanNode(random.nextBoolean());
            case 5 -> nodes.nullNode();
            case 6 -> randomObject(jackson, random, depth);
            default -> {
                ArrayNode array = nodes.arrayNode();
                for (int e = random.nextInt(4); e > 0; e--) {
                    array.add(randomValue(jackson, random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
