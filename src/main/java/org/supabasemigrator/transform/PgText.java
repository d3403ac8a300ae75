package org.supabasemigrator.transform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Turns JSON values, as PostgREST prints them, into the text PostgreSQL's own input functions read back
 * into the same value: numbers keep their exact digits and scale (never a double), JSON arrays become array
 * literals of the column's element type, JSON objects stay JSON text.
 */
final class PgText {

    private PgText() {
    }

    /**
     * Reads the value at the parser's current token. {@code json} is the UTF-8 document the parser reads, used
     * to copy nested JSON verbatim.
     */
    static String scalar(JsonParser parser, byte[] json) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case START_OBJECT, START_ARRAY -> rawJson(parser, json);
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        };
    }

    /** A JSON array at the current token as a PostgreSQL array literal; other values as {@link #scalar}. */
    static String array(JsonParser parser, byte[] json, boolean elementIsJson) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return scalar(parser, json); // null, or already a literal when the source sent text
        }
        StringBuilder literal = new StringBuilder(64);
        appendArray(parser, json, elementIsJson, literal);
        return literal.toString();
    }

    private static void appendArray(JsonParser parser, byte[] json, boolean elementIsJson, StringBuilder out)
            throws IOException {
        out.append('{');
        boolean first = true;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (!first) {
                out.append(',');
            }
            first = false;
            switch (token) {
                case START_ARRAY -> {
                    if (elementIsJson) {
                        appendQuoted(rawJson(parser, json), out);
                    } else {
                        appendArray(parser, json, false, out); // another dimension
                    }
                }
                case START_OBJECT -> appendQuoted(rawJson(parser, json), out);
                case VALUE_NULL -> out.append("NULL");
                case VALUE_STRING -> appendQuoted(parser.getText(), out);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.append(parser.getText());
                case VALUE_TRUE -> out.append("true");
                case VALUE_FALSE -> out.append("false");
                default -> throw new IllegalStateException("unexpected JSON token in array: " + token);
            }
        }
        out.append('}');
    }

    /** Array elements are always double-quoted, so commas, braces, quotes, spaces and "NULL" stay text. */
    private static void appendQuoted(String element, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** The nested object or array at the current token, copied verbatim from the document. */
    private static String rawJson(JsonParser parser, byte[] json) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return new String(json, start, end - start, StandardCharsets.UTF_8);
    }
}
