package org.supabasemigrator.source;

/**
 * A request to the source's REST API.
 *
 * @param kind         what is asked: the body is checked accordingly, inside the retried request
 * @param table        table name, or empty for the API description at {@code /rest/v1/}
 * @param query        URL-encoded query string (select, order, filters, limit)
 * @param context      what the request is for, in error messages (e.g. "page of clients after id=1000")
 * @param countPlanned ask for the planner's row estimate ({@code Prefer: count=planned}), which costs the
 *                     source no scan: an exact count of a large table outlasts its statement timeout
 * @param maxBodyBytes a body longer than this is not read to its end: the page asked for too many large rows
 *                     (0 = no limit)
 */
public record SourceRequest(Kind kind, String table, String query, String context, boolean countPlanned,
        long maxBodyBytes) {

    public enum Kind {
        /** The OpenAPI document: a JSON object, or nothing where the project disabled it. */
        DESCRIPTION,
        /** A small JSON array: a first row, a key, a value, a probe. */
        VALUE,
        /** A page of rows: framed and checked whole. */
        PAGE
    }

    public static SourceRequest description() {
        return new SourceRequest(Kind.DESCRIPTION, "", "", "API description", false, 0);
    }

    public static SourceRequest value(String table, String query, String context) {
        return new SourceRequest(Kind.VALUE, table, query, context, false, 0);
    }

    public static SourceRequest page(String table, String query, String context, long maxBodyBytes) {
        return new SourceRequest(Kind.PAGE, table, query, context, false, maxBodyBytes);
    }

    public SourceRequest withPlannedCount() {
        return new SourceRequest(kind, table, query, context, true, maxBodyBytes);
    }

    /** Path and query as they go on the wire, for the URI limit. */
    public int uriLength() {
        return "/rest/v1/".length() + Postgrest.pathSegment(table).length() + (query.isEmpty() ? 0 : 1 + query.length());
    }
}
