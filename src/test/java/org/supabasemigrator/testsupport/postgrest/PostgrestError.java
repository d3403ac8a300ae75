package org.supabasemigrator.testsupport.postgrest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered with PostgREST's (or, for gateway-level errors, Kong's) JSON body. Thrown anywhere
 * in request handling and turned into a response at the top of the handler.
 */
final class PostgrestError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Map<String, Object> body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private PostgrestError(int status, Map<String, Object> body) {
        super(String.valueOf(body.get("message")), null, false, false);
        this.status = status;
        this.body = body;
    }

    /** PostgREST's shape: always the four keys, in the order PostgREST prints them. */
    static PostgrestError of(int status, String code, String message, String details, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("details", details);
        body.put("hint", hint);
        body.put("message", message);
        return new PostgrestError(status, body);
    }

    /** Kong's shape (the API gateway in front of PostgREST on Supabase): message and hint only. */
    static PostgrestError gateway(int status, String message, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (hint != null) {
            body.put("hint", hint);
        }
        return new PostgrestError(status, body);
    }

    /** PGRST100: the query string could not be parsed. PostgREST reports the parser's position. */
    static PostgrestError parse(String what, String input, int column, String details) {
        return of(400, "PGRST100", "\"failed to parse " + what + " (" + input + ")\" (line 1, column " + column + ")",
                details, null);
    }

    static PostgrestError unknownColumn(String table, String column) {
        return of(400, "42703", "column " + table + "." + column + " does not exist", null, null);
    }

    PostgrestError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String code() {
        Object code = body.get("code");
        return code == null ? null : code.toString();
    }

    RestResponse toResponse() {
        return RestResponse.json(status, Json.bytes(body)).withHeaders(headers);
    }
}
