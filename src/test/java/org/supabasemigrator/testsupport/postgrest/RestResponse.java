package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response held in memory (one page at most), so that it is sent with a fixed
 * Content-Length, and so that fault injection can cut or corrupt it.
 */
record RestResponse(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    static RestResponse json(int status, byte[] body) {
        return of(status, JSON, body);
    }

    static RestResponse of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new RestResponse(status, headers, body);
    }

    RestResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RestResponse withHeaders(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    /** Sends headers and the whole body; HEAD gets the same headers (Content-Length included) and no body. */
    void send(HttpExchange exchange, boolean head) throws IOException {
        putHeaders(exchange);
        if (head) {
            // The JDK server refuses a length for HEAD and omits the header: set it ourselves, like a GET would.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    void putHeaders(HttpExchange exchange) {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    }
}
