package org.supabasemigrator.transform;

import java.util.Arrays;

import org.supabasemigrator.json.JsonCursor;
import org.supabasemigrator.json.MalformedJsonException;

/**
 * One row in the text format of {@code COPY ... FROM STDIN}, as UTF-8: values separated by tabs, {@code \N} for
 * SQL NULL, and backslash, newline, carriage return and tab escaped with a backslash. The transform writes each
 * value straight from the page's bytes into this buffer, so no string is made per value; the bulk load
 * sends the lines as they are, and verification compares them with the target's own {@code COPY ... TO STDOUT},
 * which escapes exactly as this does (backslash, and the control characters it names: \b \f \n \r \t \v). One
 * instance is reused per thread, row after row.
 *
 * <p>Inside a quoted array element, a double quote and a backslash are first escaped for the array literal
 * ({@code \"}, {@code \\}), then that backslash is escaped again for COPY.
 */
final class CopyLine {

    /** ASCII characters written as they are inside a quoted array element; the others go through {@link #escape}. */
    private static final boolean[] PLAIN = new boolean[128];
    /** The same outside quotes, where a double quote needs no escape (nested JSON is full of them). */
    private static final boolean[] PLAIN_UNQUOTED = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            PLAIN[c] = c != '\\' && c != '"' && c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f' && c != 0x0B;
            PLAIN_UNQUOTED[c] = PLAIN[c] || c == '"';
        }
    }

    private byte[] buffer = new byte[4096];
    private int length;
    private boolean quoted;

    void reset() {
        length = 0;
        quoted = false;
    }

    /** Where the next value starts: values are written one after another, then assembled by {@link #line}. */
    int position() {
        return length;
    }

    /**
     * The line (without a newline) of the values written at {@code starts[i]..ends[i]}, in that order, separated
     * by tabs; a value never written (start -1) is SQL NULL.
     */
    byte[] line(int[] starts, int[] ends) {
        int size = Math.max(0, starts.length - 1);
        for (int i = 0; i < starts.length; i++) {
            size += starts[i] < 0 ? 2 : ends[i] - starts[i];
        }
        byte[] line = new byte[size];
        int at = 0;
        for (int i = 0; i < starts.length; i++) {
            if (i > 0) {
                line[at++] = '\t';
            }
            if (starts[i] < 0) {
                line[at++] = '\\';
                line[at++] = 'N';
            } else {
                System.arraycopy(buffer, starts[i], line, at, ends[i] - starts[i]);
                at += ends[i] - starts[i];
            }
        }
        return line;
    }

    void sqlNull() {
        put((byte) '\\');
        put((byte) 'N');
    }

    /** Text that needs no escaping: literals such as true, NULL, braces and commas. */
    void plain(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buffer[length++] = (byte) ascii.charAt(i);
        }
    }

    /** Starts or ends a double-quoted array element. */
    void quote(boolean open) {
        put((byte) '"');
        quoted = open;
    }

    /**
     * Writes the content of the JSON string starting at {@code from} (after its opening quote) and returns where
     * its closing quote is: escapes decoded, runs of plain UTF-8 copied as they are, escaped for COPY. The
     * string was checked when its page was framed; a string that does not end before {@code limit} is refused.
     */
    int jsonString(byte[] json, int from, int limit) {
        int i = from;
        while (true) {
            int stop = JsonCursor.stringStop(json, i, limit);
            ensure(stop - i + 16); // the run, and the most one escape can take (a surrogate pair: 4 bytes)
            System.arraycopy(json, i, buffer, length, stop - i);
            length += stop - i;
            if (stop == limit) {
                throw new MalformedJsonException("a string that does not end at byte " + stop);
            }
            byte b = json[stop];
            if (b == '"') {
                return stop;
            }
            if (b == '\\') {
                i = unescape(json, stop);
            } else {
                length = escape(buffer, length, (char) b); // a control character the framing let through
                i = stop + 1;
            }
        }
    }

    /** Writes the JSON escape at {@code at} (its backslash) decoded, escaped for COPY; returns where it ends. */
    private int unescape(byte[] json, int at) {
        byte escaped = json[at + 1];
        switch (escaped) {
            case 'b' -> length = escape(buffer, length, '\b');
            case 'f' -> length = escape(buffer, length, '\f');
            case 'n' -> length = escape(buffer, length, '\n');
            case 'r' -> length = escape(buffer, length, '\r');
            case 't' -> length = escape(buffer, length, '\t');
            case 'u' -> {
                int unit = hex(json, at + 2);
                int end = at + 6;
                if (Character.isHighSurrogate((char) unit) && end + 6 <= json.length && json[end] == '\\'
                        && json[end + 1] == 'u' && Character.isLowSurrogate((char) hex(json, end + 2))) {
                    unit = Character.toCodePoint((char) unit, (char) hex(json, end + 2));
                    end += 6;
                }
                length = codePoint(buffer, length, unit);
                return end;
            }
            default -> length = escape(buffer, length, (char) escaped); // " \ /
        }
        return at + 2;
    }

    private int codePoint(byte[] out, int at, int cp) {
        if (cp < 0x80) {
            return PLAIN[cp] ? put(out, at, (byte) cp) : escape(out, at, (char) cp);
        } else if (cp < 0x800) {
            out[at++] = (byte) (0xC0 | (cp >> 6));
        } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            out[at++] = '?'; // an unpaired surrogate has no UTF-8 form (String.getBytes does the same)
            return at;
        } else if (cp < 0x10000) {
            out[at++] = (byte) (0xE0 | (cp >> 12));
            out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        } else {
            out[at++] = (byte) (0xF0 | (cp >> 18));
            out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        }
        out[at++] = (byte) (0x80 | (cp & 0x3F));
        return at;
    }

    private static int put(byte[] out, int at, byte b) {
        out[at] = b;
        return at + 1;
    }

    private static int hex(byte[] json, int from) {
        return Character.digit(json[from], 16) << 12 | Character.digit(json[from + 1], 16) << 8
                | Character.digit(json[from + 2], 16) << 4 | Character.digit(json[from + 3], 16);
    }

    /** UTF-8 bytes copied verbatim but for escaping (nested JSON as the source sent it). */
    void utf8(byte[] bytes, int offset, int count) {
        ensure(count * 4);
        byte[] out = buffer;
        boolean[] plain = quoted ? PLAIN : PLAIN_UNQUOTED;
        int at = length;
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            // bytes of multi-byte UTF-8 sequences are all >= 0x80 and never need escaping
            if (b < 0 || plain[b]) {
                out[at++] = b;
            } else {
                at = escape(out, at, (char) b);
            }
        }
        length = at;
    }

    private int escape(byte[] out, int at, char c) {
        switch (c) {
            case '\\' -> {
                out[at++] = '\\';
                out[at++] = '\\';
                if (quoted) {
                    out[at++] = '\\';
                    out[at++] = '\\';
                }
            }
            case '"' -> {
                if (quoted) {
                    out[at++] = '\\';
                    out[at++] = '\\';
                }
                out[at++] = '"';
            }
            case '\n' -> {
                out[at++] = '\\';
                out[at++] = 'n';
            }
            case '\r' -> {
                out[at++] = '\\';
                out[at++] = 'r';
            }
            case '\t' -> {
                out[at++] = '\\';
                out[at++] = 't';
            }
            case '\b' -> {
                out[at++] = '\\';
                out[at++] = 'b';
            }
            case '\f' -> {
                out[at++] = '\\';
                out[at++] = 'f';
            }
            case 0x0B -> {
                out[at++] = '\\';
                out[at++] = 'v';
            }
            default -> out[at++] = (byte) c;
        }
        return at;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
