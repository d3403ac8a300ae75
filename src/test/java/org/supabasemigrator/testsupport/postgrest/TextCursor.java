package org.supabasemigrator.testsupport.postgrest;

/** A position in a query-string value, for the small recursive-descent parsers of PostgREST's grammar. */
final class TextCursor {

    /** Thrown at the failing position; the caller knows what was being parsed and builds the PGRST100 error. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int column;

        Failure(int column, String details) {
            super(details, null, false, false);
            this.column = column;
        }
    }

    final String text;
    int pos;

    TextCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    boolean lookingAt(String prefix) {
        return text.startsWith(prefix, pos);
    }

    boolean consume(String prefix) {
        if (lookingAt(prefix)) {
            pos += prefix.length();
            return true;
        }
        return false;
    }

    void expect(char c) throws Failure {
        if (atEnd() || peek() != c) {
            throw fail("\"" + c + "\"");
        }
        pos++;
    }

    void expectEnd() throws Failure {
        if (!atEnd()) {
            throw fail("end of input");
        }
    }

    /** Characters up to (not including) the first of {@code stops} or the end. */
    String until(String stops) {
        int start = pos;
        while (!atEnd() && stops.indexOf(peek()) < 0) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A double-quoted value: {@code \} escapes the next character (so {@code \"} and {@code \\}). */
    String quoted() throws Failure {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw fail("\"\\\"\"");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw fail("escaped character");
                }
                c = text.charAt(pos++);
            }
            value.append(c);
        }
    }

    /** A failure here, in the style of PostgREST's parser messages ("unexpected 'x' expecting ..."). */
    Failure fail(String expecting) {
        String unexpected = atEnd() ? "end of input" : "\"" + peek() + "\"";
        return new Failure(pos + 1, "unexpected " + unexpected + " expecting " + expecting);
    }
}
