package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Carries out a {@link Fault} on an exchange. */
final class FaultResponder {

    /**
     * Thrown out of the handler to drop the connection: the JDK server closes the socket of an exchange
     * whose handler throws, without completing the response (and logs it only at TRACE level).
     */
    static final class AbortConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        AbortConnection(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final byte[] GATEWAY_PAGE = """
            <html>
            <head><title>503 Service Temporarily Unavailable</title></head>
            <body>
            <center><h1>503 Service Temporarily Unavailable</h1></center>
            <hr><center>cloudflare</center>
            </body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);

    private FaultResponder() {
    }

    /** Faults answered without running the query at all. */
    static boolean replacesResponse(Fault fault) {
        return switch (fault.kind()) {
            case HTTP_500, HTTP_503_HTML, HTTP_429, CONNECTION_RESET, OBJECT_BODY -> true;
            case TRUNCATED_BODY, MALFORMED_JSON, STALL -> false;
        };
    }

    /** Answers a fault for which {@link #replacesResponse} is true. */
    static void respondInstead(HttpExchange exchange, Fault fault, boolean head) throws IOException {
        switch (fault.kind()) {
            case HTTP_500 -> PostgrestError.of(500, "XX000", "injected fault: internal server error", null, null)
                    .toResponse().send(exchange, head);
            case HTTP_503_HTML -> RestResponse.of(503, "text/html", GATEWAY_PAGE).send(exchange, head);
            case HTTP_429 -> RestResponse.json(429, "{\"message\":\"API rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Retry-After", "1").send(exchange, head);
            case CONNECTION_RESET -> throw new AbortConnection("injected fault: connection reset");
            case OBJECT_BODY -> RestResponse.json(200, "{\"oops\":true}".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Range", "0-0/*").send(exchange, head);
            default -> throw new IllegalArgumentException("not a replacing fault: " + fault);
        }
    }

    /** Sends {@code real} damaged by a {@link Fault.Kind#TRUNCATED_BODY} or {@link Fault.Kind#MALFORMED_JSON} fault. */
    static void respondCorrupted(HttpExchange exchange, Fault fault, RestResponse real, boolean head) throws IOException {
        byte[] half = Arrays.copyOf(real.body(), real.body().length / 2);
        if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
            new RestResponse(200, real.headers(), half).send(exchange, head);
            return;
        }
        // TRUNCATED_BODY: promise the whole body, deliver half, hang up.
        real.putHeaders(exchange);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(real.body().length));
            exchange.sendResponseHeaders(real.status(), -1);
        } else {
            exchange.sendResponseHeaders(real.status(), real.body().length);
            OutputStream out = exchange.getResponseBody();
            out.write(half);
            out.flush();
        }
        throw new AbortConnection("injected fault: truncated body");
    }
}
