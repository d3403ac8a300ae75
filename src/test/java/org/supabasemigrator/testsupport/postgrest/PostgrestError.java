package org.supabasemigrator.testsupport.postgrest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered with PostgREST's JSON body, or (for gateway-level errors) the Supabase gateway's.
 * Thrown anywhere in request handling and turned into a response at the top of the handler.
 */
final class PostgrestError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Map<String, Object> body;
    private final boolean gateway;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private PostgrestError(int status, Map<String, Object> body, boolean gateway) {
        super(String.valueOf(body.get("message")), null, false, false);
        this.status = status;
        this.body = body;
        this.gateway = gateway;
    }

    /** PostgREST's shape: always the four keys, in the order aeson prints them. */
    static PostgrestError of(int status, String code, String message, String details, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("details", details);
        body.put("hint", hint);
        body.put("message", message);
        return new PostgrestError(status, body, false);
    }

    /** The gateway's shape (Supabase's API gateway in front of PostgREST): message and hint only. */
    static PostgrestError gateway(int status, String message, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (hint != null) {
            body.put("hint", hint);
        }
        return new PostgrestError(status, body, true);
    }

    PostgrestError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String code() {
        Object code = body.get("code");
        return code == null ? null : code.toString();
    }

    /** The response; PostgREST 13 and later name the error code in {@code Proxy-Status}. */
    RestResponse toResponse(PostgrestVersion version) {
        RestResponse response = RestResponse.json(status, Json.bytes(body)).withHeaders(headers);
        if (!gateway && version.atLeast(PostgrestVersion.V13)) {
            response.withHeader("Proxy-Status", "PostgREST; error=" + code());
        }
        return response;
    }
}
