package org.supabasemigrator.json;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

/**
 * A strict JSON (RFC 8259) reader over UTF-8 bytes that moves past values without decoding them. It checks the
 * grammar, but where a value starts and ends is all it reports: the page framing cuts rows out of a body with
 * it, and the transform writes each value's bytes straight into COPY text. A general parser (Jackson) would
 * decode every string into UTF-16 characters first, which cost the migration five times more CPU than the
 * transform itself; a page body is never decoded to text.
 *
 * <p>Offsets are absolute positions in the array given; whitespace before a token is skipped by each method.
 */
public final class JsonCursor {

    /** Eight bytes of an array read as one long, so a string is searched a word at a time. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;

    private static final JsonFactory JACKSON = new JsonFactory();

    /** As deep as Jackson's default allows: deeper nesting is refused, not a stack overflow. */
    private static final int MAX_DEPTH = 1000;

    private final byte[] json;
    private final int end;
    private int position;
    private int depth;

    public JsonCursor(byte[] json, int offset, int length) {
        this.json = json;
        this.position = offset;
        this.end = offset + length;
    }

    public byte[] bytes() {
        return json;
    }

    /** Where the reader is: right after the last value moved past, or at the next token once peeked. */
    public int position() {
        return position;
    }

    /** The next token's first byte without moving past it, or -1 at the end. */
    public int peek() {
        skipWhitespace();
        return position < end ? json[position] : -1;
    }

    /** Moves past {@code c} when it is the next token. */
    public boolean consume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    /** Moves past {@code c}, which must be the next token. */
    public void expect(char c) {
        if (!consume(c)) {
            throw unexpected("'" + c + "'");
        }
    }

    public boolean atEnd() {
        return peek() < 0;
    }

    /** Moves past one value of any kind, checking it; returns where it started. */
    public int skipValue() {
        int first = peek();
        int start = position;
        switch (first) {
            case '{' -> skipContainer('}');
            case '[' -> skipContainer(']');
            case '"' -> skipString();
            case 't' -> skipWord("true");
            case 'f' -> skipWord("false");
            case 'n' -> skipWord("null");
            default -> skipNumber();
        }
        return start;
    }

    /**
     * Moves past a string, checking its escapes and that it holds no raw control character; returns where its
     * content ends (the closing quote). Its content starts one byte after where {@link #peek()} stopped.
     */
    public int skipString() {
        expect('"');
        while (true) {
            position = stringStop(json, position, end);
            if (position == end) {
                throw malformed("a string that does not end");
            }
            byte b = json[position];
            if (b == '"') {
                return position++;
            } else if (b == '\\') {
                skipEscape();
            } else {
                throw malformed("a control character inside a string");
            }
        }
    }

    /**
     * Where, from {@code from} on, the first byte a string's content cannot hold as it is comes: a double
     * quote, a backslash or a control character; {@code limit} when there is none. Between {@code from} and
     * that byte is text that needs no decoding and, in COPY text, no escaping. Searched eight bytes at a time
     * (the lowest flagged byte of each word is exact; UTF-8 bytes above 0x7F are never flagged).
     */
    public static int stringStop(byte[] json, int from, int limit) {
        int i = from;
        for (; i + 8 <= limit; i += 8) {
            long word = (long) WORDS.get(json, i);
            long quotes = word ^ QUOTES;
            long backslashes = word ^ BACKSLASHES;
            long stops = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word)
                    & HIGH_BITS;
            if (stops != 0) {
                return i + (Long.numberOfTrailingZeros(stops) >>> 3);
            }
        }
        for (; i < limit; i++) {
            byte b = json[i];
            if (b == '"' || b == '\\' || b >= 0 && b < 0x20) {
                return i;
            }
        }
        return limit;
    }

    /** The end of the bytes this cursor reads. */
    public int limit() {
        return end;
    }

    /** Moves to {@code offset}, past a value the caller read itself. */
    public void skipTo(int offset) {
        position = offset;
    }

    /** True when the string whose content is {@code from..to} holds an escape (so its bytes are not its text). */
    public boolean hasEscape(int from, int to) {
        for (int i = from; i < to; i++) {
            if (json[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * The text of a string whose content is {@code from..to}, escapes decoded: for keys and field names, so
     * the rare string with escapes is left to Jackson.
     */
    public String text(int from, int to) {
        if (!hasEscape(from, to)) {
            return new String(json, from, to - from, StandardCharsets.UTF_8);
        }
        try (JsonParser parser = JACKSON.createParser(json, from - 1, to - from + 2)) {
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw malformed("a string that cannot be decoded (" + e.getMessage() + ")");
        }
    }

    /** An error naming what was expected and what came instead. */
    public MalformedJsonException unexpected(String expected) {
        int next = peek();
        String found = next < 0 ? "the end" : next < 0x20 || next > 0x7E ? "byte " + next : "'" + (char) next + "'";
        return malformed("expected " + expected + " but found " + found);
    }

    private MalformedJsonException malformed(String problem) {
        return new MalformedJsonException(problem + " at byte " + position);
    }

    private void skipContainer(char close) {
        if (++depth > MAX_DEPTH) {
            throw malformed("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        position++; // the opening bracket
        if (consume(close)) {
            depth--;
            return;
        }
        do {
            if (close == '}') {
                if (peek() != '"') {
                    throw unexpected("a field name");
                }
                skipString();
                expect(':');
            }
            skipValue();
        } while (consume(','));
        expect(close);
        depth--;
    }

    private void skipEscape() {
        if (position + 1 >= end) {
            throw malformed("a string that does not end");
        }
        switch (json[position + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> position += 2;
            case 'u' -> {
                if (position + 6 > end) {
                    throw malformed("a string that does not end");
                }
                for (int i = position + 2; i < position + 6; i++) {
                    if (Character.digit(json[i], 16) < 0) {
                        throw malformed("a \\u escape without four hex digits");
                    }
                }
                position += 6;
            }
            default -> throw malformed("an unknown escape \\" + (char) json[position + 1]);
        }
    }

    private void skipWord(String word) {
        if (position + word.length() > end) {
            throw unexpected(word);
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[position + i] != word.charAt(i)) {
                throw unexpected(word);
            }
        }
        position += word.length();
    }

    private void skipNumber() {
        int start = position;
        if (position < end && json[position] == '-') {
            position++;
        }
        if (position < end && json[position] == '0') {
            position++;
        } else if (digits() == 0) {
            position = start;
            throw unexpected("a value");
        }
        if (position < end && json[position] == '.') {
            position++;
            if (digits() == 0) {
                throw malformed("a number without digits after its point");
            }
        }
        if (position < end && (json[position] == 'e' || json[position] == 'E')) {
            position++;
            if (position < end && (json[position] == '+' || json[position] == '-')) {
                position++;
            }
            if (digits() == 0) {
                throw malformed("a number without digits in its exponent");
            }
        }
    }

    private int digits() {
        int start = position;
        while (position < end && json[position] >= '0' && json[position] <= '9') {
            position++;
        }
        return position - start;
    }

    private void skipWhitespace() {
        while (position < end) {
            byte b = json[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            position++;
        }
    }
}
