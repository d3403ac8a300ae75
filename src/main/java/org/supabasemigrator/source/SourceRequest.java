package org.supabasemigrator.source;

/**
 * A request to the source's REST API.
 *
 * @param table      table name, or empty for the API description at {@code /rest/v1/}
 * @param query      URL-encoded query string (select, order, filters, limit)
 * @param countExact ask for the exact row count ({@code Prefer: count=exact}) in {@code Content-Range}
 * @param headOnly   HEAD: headers without rows
 * @param context    what the request is for, in error messages (e.g. "page of clients after id=1000")
 */
public record SourceRequest(String table, String query, boolean countExact, boolean headOnly, String context) {

    public static SourceRequest description() {
        return new SourceRequest("", "", false, false, "API description");
    }

    public static SourceRequest count(String table) {
        return new SourceRequest(table, "select=*", true, true, "row count of " + table);
    }
}
