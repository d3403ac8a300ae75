package org.supabasemigrator.source;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * PostgREST's query syntax, as its parser reads it (QueryParams.hs): names are always double-quoted (with
 * {@code \"} and {@code \\} escapes), so upper case, spaces, dots, commas, quotes, Cyrillic letters and the
 * words PostgREST reserves ({@code order}, {@code limit}, {@code select}, ...) all reach the right column;
 * values inside logic trees are double-quoted the same way, so commas, dots and parentheses stay values.
 */
public final class Postgrest {

    private Postgrest() {
    }

    /** A column name as PostgREST reads it in select, order and logic trees. */
    public static String name(String column) {
        return quoted(column);
    }

    /** A value inside a logic tree ({@code and=(...)}, {@code or=(...)}). */
    public static String value(String value) {
        return quoted(value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Percent-encodes a query parameter's value (spaces as %20: PostgREST decodes + as a space too, but not all proxies do). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes a path segment (a table name). */
    public static String pathSegment(String name) {
        return encode(name);
    }
}
