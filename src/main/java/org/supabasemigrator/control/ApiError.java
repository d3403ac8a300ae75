package org.supabasemigrator.control;

import io.vertx.core.json.JsonObject;

/**
 * The JSON body of every 4xx/5xx answer of the control API, whoever answers: the routes' error handling, the
 * bearer-token filter and unknown paths all write it here.
 */
public record ApiError(int status, String error, String message) {

    public static ApiError of(int status, String message) {
        return new ApiError(status, reasonPhrase(status), message);
    }

    /** The body as JSON text, for the answers written outside Camel (token filter, unknown paths). */
    public String json() {
        return new JsonObject().put("status", status).put("error", error).put("message", message).encode();
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
