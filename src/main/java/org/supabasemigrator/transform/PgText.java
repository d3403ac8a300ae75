package org.supabasemigrator.transform;

import org.supabasemigrator.json.JsonCursor;

/**
 * Turns JSON values, as PostgREST prints them, into the text PostgreSQL's own input functions read back
 * into the same value: numbers keep their exact digits and scale (never a double), JSON arrays become array
 * literals of the column's element type, JSON objects stay JSON text. The bytes go straight from the page
 * into a {@link CopyLine}; nothing is decoded to characters.
 */
final class PgText {

    private PgText() {
    }

    /** Writes the value at the reader's position and moves past it. */
    static void scalar(JsonCursor in, CopyLine out) {
        switch (in.peek()) {
            case 'n' -> {
                in.skipValue();
                out.sqlNull();
            }
            case '"' -> string(in, out);
            // numbers, true and false as they are; objects and arrays as JSON text
            default -> raw(in, out);
        }
    }

    /** A JSON array at the reader's position as a PostgreSQL array literal; other values as {@link #scalar}. */
    static void array(JsonCursor in, boolean elementIsJson, CopyLine out) {
        if (in.peek() != '[') {
            scalar(in, out); // null, or already a literal when the source sent text
            return;
        }
        in.expect('[');
        out.plain("{");
        if (!in.consume(']')) {
            do {
                element(in, elementIsJson, out);
                if (in.peek() == ',') {
                    out.plain(",");
                }
            } while (in.consume(','));
            in.expect(']');
        }
        out.plain("}");
    }

    private static void element(JsonCursor in, boolean elementIsJson, CopyLine out) {
        switch (in.peek()) {
            case '[' -> {
                if (elementIsJson) {
                    quoted(in, out, true);
                } else {
                    array(in, false, out); // another dimension
                }
            }
            case '{' -> quoted(in, out, true);
            case 'n' -> {
                in.skipValue();
                out.plain("NULL");
            }
            // always double-quoted, so commas, braces, quotes, spaces and "NULL" stay text
            case '"' -> quoted(in, out, false);
            default -> raw(in, out);
        }
    }

    private static void quoted(JsonCursor in, CopyLine out, boolean json) {
        out.quote(true);
        if (json) {
            raw(in, out);
        } else {
            string(in, out);
        }
        out.quote(false);
    }

    /** A string at the reader (which has peeked its opening quote), decoded and checked in one pass. */
    private static void string(JsonCursor in, CopyLine out) {
        int closingQuote = out.jsonString(in.bytes(), in.position() + 1, in.limit());
        in.skipTo(closingQuote + 1);
    }

    /** The value's bytes as the source sent them (numbers, literals, nested JSON), escaped for COPY. */
    private static void raw(JsonCursor in, CopyLine out) {
        int start = in.skipValue();
        out.utf8(in.bytes(), start, in.position() - start);
    }
}
