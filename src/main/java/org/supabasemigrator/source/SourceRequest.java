package org.supabasemigrator.source;

/**
 * A request to the source's REST API.
 *
 * @param kind    what is asked: the body is checked accordingly, inside the retried request
 * @param table   table name, or empty for the API description at {@code /rest/v1/}
 * @param query   URL-encoded query string (select, order, filters, limit)
 * @param context what the request is for, in error messages (e.g. "page of clients after id=1000")
 */
public record SourceRequest(Kind kind, String table, String query, String context) {

    public enum Kind {
        /** The OpenAPI document: a JSON object. */
        DESCRIPTION,
        /** {@code Prefer: count=exact} on a one-row page: the total in {@code Content-Range}. */
        COUNT,
        /** A small JSON array, e.g. the highest value of a column. */
        VALUE,
        /** A page of rows: framed and checked by {@link PageRecords}. */
        PAGE
    }

    public static SourceRequest description() {
        return new SourceRequest(Kind.DESCRIPTION, "", "", "API description");
    }

    public static SourceRequest count(String table) {
        return new SourceRequest(Kind.COUNT, table, "limit=1", "row count of " + table);
    }

    public static SourceRequest value(String table, String query, String context) {
        return new SourceRequest(Kind.VALUE, table, query, context);
    }

    public static SourceRequest page(String table, String query, String context) {
        return new SourceRequest(Kind.PAGE, table, query, context);
    }

    public boolean countExact() {
        return kind == Kind.COUNT;
    }
}
