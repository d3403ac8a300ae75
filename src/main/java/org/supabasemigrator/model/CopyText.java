package org.supabasemigrator.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text format of {@code COPY}: values separated by tabs, {@code \N} for SQL NULL, backslash escapes. A
 * line is written by the transform, sent as it is by the bulk load, and printed the same way by the target's
 * {@code COPY ... TO STDOUT}, which is what verification compares it with.
 */
public final class CopyText {

    private CopyText() {
    }

    /** A line read back into its values (null = SQL NULL), for the statements that take values as text. */
    public static String[] values(byte[] line) {
        List<String> values = new ArrayList<>();
        byte[] value = new byte[line.length]; // unescaping only shortens a value
        int length = 0;
        boolean sqlNull = false;
        for (int i = 0; i <= line.length; i++) {
            if (i == line.length || line[i] == '\t') {
                values.add(sqlNull ? null : new String(value, 0, length, StandardCharsets.UTF_8));
                length = 0;
                sqlNull = false;
            } else if (line[i] == '\\') {
                byte escaped = line[++i];
                switch (escaped) {
                    case 'N' -> sqlNull = true;
                    case 'n' -> value[length++] = '\n';
                    case 'r' -> value[length++] = '\r';
                    case 't' -> value[length++] = '\t';
                    case 'b' -> value[length++] = '\b';
                    case 'f' -> value[length++] = '\f';
                    case 'v' -> value[length++] = 0x0B;
                    default -> value[length++] = escaped;
                }
            } else {
                value[length++] = line[i];
            }
        }
        return values.toArray(String[]::new);
    }

    /**
     * The values of some columns of a line (by position), decoded; for keys read back from target lines. The
     * other fields are only stepped over, and the line is read no further than the last of them, so a line of
     * large values after its key costs next to nothing.
     */
    public static List<String> values(byte[] line, int[] positions) {
        String[] picked = new String[positions.length];
        int last = 0;
        for (int position : positions) {
            last = Math.max(last, position);
        }
        int field = 0;
        int start = 0;
        for (int i = 0; i <= line.length && field <= last; i++) {
            if (i < line.length && line[i] == '\\') {
                i++; // an escaped byte is never a field separator
            } else if (i == line.length || line[i] == '\t') {
                for (int p = 0; p < positions.length; p++) {
                    if (positions[p] == field) {
                        picked[p] = values(java.util.Arrays.copyOfRange(line, start, i))[0];
                    }
                }
                field++;
                start = i + 1;
            }
        }
        return java.util.Arrays.asList(picked);
    }
}
