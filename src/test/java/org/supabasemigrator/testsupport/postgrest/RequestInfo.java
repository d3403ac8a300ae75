package org.supabasemigrator.testsupport.postgrest;

/**
 * What a {@link FaultInjector} gets to see of a request.
 *
 * @param sequence 1-based number of the request since the server started (all requests count)
 * @param method   GET or HEAD (or whatever the client sent)
 * @param table    the table or view addressed, or null for the OpenAPI document at {@code /rest/v1/}
 * @param rawQuery the undecoded query string, or null
 */
public record RequestInfo(long sequence, String method, String table, String rawQuery) {

    public boolean isOpenApi() {
        return table == null;
    }
}
