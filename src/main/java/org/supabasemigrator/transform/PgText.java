package org.supabasemigrator.transform;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Turns JSON values, as PostgREST prints them, into the text PostgreSQL's own input functions read back
 * into the same value: numbers keep their exact digits and scale (never a double), JSON arrays become array
 * literals of the column's element type, JSON objects stay JSON text. The text goes straight into a
 * {@link CopyLine}.
 */
final class PgText {

    private PgText() {
    }

    /**
     * Writes the value at the parser's current token. {@code json} is the UTF-8 document the parser reads,
     * starting at {@code base}, used to copy nested JSON verbatim.
     */
    static void scalar(JsonParser parser, byte[] json, int base, CopyLine out) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_NULL -> out.sqlNull();
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    out.chars(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            case VALUE_TRUE -> out.plain("true");
            case VALUE_FALSE -> out.plain("false");
            case START_OBJECT, START_ARRAY -> rawJson(parser, json, base, out);
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    /** A JSON array at the current token as a PostgreSQL array literal; other values as {@link #scalar}. */
    static void array(JsonParser parser, byte[] json, int base, boolean elementIsJson, CopyLine out) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            scalar(parser, json, base, out); // null, or already a literal when the source sent text
            return;
        }
        appendArray(parser, json, base, elementIsJson, out);
    }

    private static void appendArray(JsonParser parser, byte[] json, int base, boolean elementIsJson, CopyLine out)
            throws IOException {
        out.plain("{");
        boolean first = true;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (!first) {
                out.plain(",");
            }
            first = false;
            switch (token) {
                case START_ARRAY -> {
                    if (elementIsJson) {
                        out.quote(true);
                        rawJson(parser, json, base, out);
                        out.quote(false);
                    } else {
                        appendArray(parser, json, base, false, out); // another dimension
                    }
                }
                case START_OBJECT -> {
                    out.quote(true);
                    rawJson(parser, json, base, out);
                    out.quote(false);
                }
                case VALUE_NULL -> out.plain("NULL");
                // always double-quoted, so commas, braces, quotes, spaces and "NULL" stay text
                case VALUE_STRING -> {
                    out.quote(true);
                    out.chars(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    out.quote(false);
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                        out.chars(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                case VALUE_TRUE -> out.plain("true");
                case VALUE_FALSE -> out.plain("false");
                default -> throw new IllegalStateException("unexpected JSON token in array: " + token);
            }
        }
        out.plain("}");
    }

    /** The nested object or array at the current token, copied verbatim from the document. */
    private static void rawJson(JsonParser parser, byte[] json, int base, CopyLine out) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        out.utf8(json, base + start, end - start);
    }
}
