package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

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

    private static final String HTML = "text/html";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private FaultResponder() {
    }

    /** Faults answered without running the query at all. */
    static boolean replacesResponse(Fault fault) {
        return switch (fault.kind()) {
            case TRUNCATED_BODY, MALFORMED_JSON, STALL -> false;
            default -> true;
        };
    }

    /** The response of a fault for which {@link #replacesResponse} is true; CONNECTION_RESET throws. */
    static RestResponse responseFor(Fault fault, HttpExchange exchange, PostgrestVersion version) {
        return switch (fault.kind()) {
            case HTTP_500 -> PostgrestError.of(500, "XX000", "injected fault: internal server error", null, null)
                    .toResponse(version);
            case HTTP_503_HTML -> html(503, gatewayPage("503 Service Temporarily Unavailable"));
            case HTTP_502_HTML -> html(502, gatewayPage("502 Bad Gateway"));
            case HTTP_504_HTML -> html(504, gatewayPage("504 Gateway Time-out"));
            case HTTP_429 -> RestResponse.json(429, "{\"message\":\"API rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Retry-After", Long.toString(Math.max(0, fault.retryAfter().toSeconds())));
            case HTTP_429_RETRY_AFTER_DATE -> RestResponse.json(429,
                            "{\"message\":\"API rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Retry-After", HTTP_DATE.format(Instant.now().plus(fault.retryAfter())));
            case HTTP_429_HTML -> html(429, gatewayPage("429 Too Many Requests"));
            case CLOUDFLARE_520 -> cloudflare(520, "Web server is returning an unknown error");
            case CLOUDFLARE_521 -> cloudflare(521, "Web server is down");
            case CLOUDFLARE_522 -> cloudflare(522, "Connection timed out");
            case CLOUDFLARE_523 -> cloudflare(523, "Origin is unreachable");
            case CLOUDFLARE_524 -> cloudflare(524, "A timeout occurred");
            case REDIRECT_301, REDIRECT_302, REDIRECT_307 -> redirect(fault, exchange);
            case STATEMENT_TIMEOUT -> PostgrestError.of(500, "57014", "canceling statement due to statement timeout",
                    null, null).toResponse(version);
            case OBJECT_BODY -> RestResponse.json(200, "{\"oops\":true}".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Range", "0-0/*");
            case CONNECTION_RESET -> throw new AbortConnection("injected fault: connection reset");
            default -> throw new IllegalArgumentException("not a replacing fault: " + fault);
        };
    }

    private static RestResponse html(int status, String page) {
        return RestResponse.of(status, HTML, page.getBytes(StandardCharsets.UTF_8));
    }

    /** nginx's error page as Cloudflare (or Kong) sends it. */
    static String gatewayPage(String title) {
        return "<html>\n<head><title>" + title + "</title></head>\n<body>\n<center><h1>" + title
                + "</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n";
    }

    private static RestResponse cloudflare(int status, String what) {
        String page = "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<title>standin.supabase.co | " + status + ": "
                + what + "</title>\n<meta charset=\"UTF-8\" />\n</head>\n<body>\n<div id=\"cf-wrapper\">\n"
                + "<h1><span class=\"inline-block\">" + what + "</span> <span class=\"code-label\">Error code " + status
                + "</span></h1>\n<div class=\"cf-details\">Visit <a href=\"https://www.cloudflare.com/5xx-error-landing\">"
                + "cloudflare.com</a> for more information.</div>\n<div class=\"cf-footer\">Cloudflare Ray ID: "
                + "8f3c2a1b0d9e7f65</div>\n</div>\n</body>\n</html>\n";
        return html(status, page).withHeader("Server", "cloudflare").withHeader("CF-RAY", "8f3c2a1b0d9e7f65-FRA");
    }

    private static RestResponse redirect(Fault fault, HttpExchange exchange) {
        String target = fault.location() + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        int status = Integer.parseInt(fault.kind().name().substring("REDIRECT_".length()));
        String title = status + (status == 301 ? " Moved Permanently" : status == 302 ? " Found" : " Temporary Redirect");
        return html(status, gatewayPage(title)).withHeader("Location", target);
    }

    /** Sends {@code real} damaged by a {@link Fault.Kind#TRUNCATED_BODY} or {@link Fault.Kind#MALFORMED_JSON} fault. */
    static void respondCorrupted(HttpExchange exchange, Fault fault, RestResponse real, boolean head,
                                 RestResponse.Compression compression) throws IOException {
        if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
            byte[] half = Arrays.copyOf(real.body(), real.body().length / 2);
            new RestResponse(200, real.headers(), half).send(exchange, head, compression);
            return;
        }
        // TRUNCATED_BODY: promise the whole body, deliver half, hang up (compressed bytes when compressing).
        byte[] body = compression.applies(exchange, real) ? RestResponse.gzip(real.body(), compression.level()) : real.body();
        real.putHeaders(exchange);
        if (body != real.body()) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (compression.enabled()) {
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        }
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(real.status(), -1);
        } else {
            exchange.sendResponseHeaders(real.status(), body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
        }
        throw new AbortConnection("injected fault: truncated body");
    }
}
