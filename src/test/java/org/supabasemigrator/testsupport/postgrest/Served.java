package org.supabasemigrator.testsupport.postgrest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request as the stand-in answered it, for tests that check what a client asked and got
 * ({@link PostgrestServer#observe}): the request line and headers, the status, whether the body went out
 * gzip-encoded, and how long the stand-in took.
 *
 * @param sequence        1-based number of the request since the server started
 * @param startedNanos    {@link System#nanoTime()} when the request arrived
 * @param rawPath         the undecoded path, e.g. {@code /rest/v1/clients}
 * @param rawQuery        the undecoded query string, or null
 * @param headers         the request's headers (names case-insensitive)
 * @param status          the status answered, or -1 when the connection was dropped before one was sent
 * @param contentEncoding the response's {@code Content-Encoding} ({@code gzip}), or null
 * @param bodyBytes       the body's length before compression; -1 when none was sent
 * @param answerNanos     from arrival until the response was ready to go out (latency, gateway, query)
 * @param totalNanos      from arrival until the response was sent or the connection dropped
 */
public record Served(long sequence, long startedNanos, String method, String rawPath, String rawQuery,
                     Map<String, List<String>> headers, int status, String contentEncoding, long bodyBytes,
                     long answerNanos, long totalNanos) {

    /** The table or view addressed (decoded), or null for the API description at {@code /rest/v1/}. */
    public String table() {
        if (!rawPath.startsWith(RestHandler.PREFIX + "/") || rawPath.length() == RestHandler.PREFIX.length() + 1) {
            return null;
        }
        return URLDecoder.decode(rawPath.substring(RestHandler.PREFIX.length() + 1).replace("+", "%2B"),
                StandardCharsets.UTF_8);
    }

    /** Whether this is a request for the API description ({@code GET /rest/v1/}). */
    public boolean isDescription() {
        return rawPath.equals(RestHandler.PREFIX) || rawPath.equals(RestHandler.PREFIX + "/");
    }

    /** The query string percent-decoded ({@code +} kept as is), or the empty string. */
    public String query() {
        return rawQuery == null ? "" : URLDecoder.decode(rawQuery.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The request target's length in bytes (path, {@code ?} and query), as the gateway measures it. */
    public int uriBytes() {
        return rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1);
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean gzip() {
        return "gzip".equalsIgnoreCase(contentEncoding);
    }
}
