package org.supabasemigrator.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.observability.MigrationMetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the source's answer: a 2xx becomes a {@link SourceResponse}; anything else a {@link SourceException}
 * that says what was asked, what the source answered and whether asking again may help.
 */
@ApplicationScoped
@Named("sourceResponses")
public class SourceResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxRetryDelayMs;
    private final MigrationMetrics metrics;

    public SourceResponses(MigratorSettings settings, MigrationMetrics metrics) {
        this.maxRetryDelayMs = settings.source().maxRetryDelayMs();
        this.metrics = metrics;
    }

    public void read(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body;
        try {
            body = body(message);
        } catch (IOException | RuntimeException cutOff) {
            throw new SourceException("source response to " + request.context() + " was cut off: " + cutOff.getMessage(),
                    true, "cut_off", cutOff);
        }
        String contentRange = message.getHeader("Content-Range", String.class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        message.removeHeaders("*", "CamelRedelivery*");
        message.removeHeader(Exchange.REDELIVERY_DELAY); // only this answer's Retry-After counts
        metrics.sourceRequest(tableLabel(request), Integer.toString(status), elapsed(exchange));
        if (status >= 200 && status < 300) {
            SourceResponse response = new SourceResponse(status, body, contentRange);
            check(request, response);
            message.setBody(response);
            return;
        }
        SourceException failure = failure(request, status, body);
        Long delay = retryAfterMillis(retryAfter);
        if (failure.isTransient() && delay != null) {
            // the source said when to come back: the redelivery waits that long instead of its back-off
            message.setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, maxRetryDelayMs));
        }
        throw failure;
    }

    /**
     * The whole body, read here from the HTTP client's stream (neither the endpoint nor the route caches it): a
     * body of declared length straight into one array of that size, and closing the stream gives the
     * connection back to the pool.
     */
    private static byte[] body(Message message) throws IOException {
        Object body = message.getBody();
        if (body instanceof InputStream stream) {
            try (stream) {
                Integer length = message.getHeader("Content-Length", Integer.class);
                // a compressed body's declared length is not its decoded length
                if (length == null || message.getHeader("Content-Encoding") != null) {
                    return stream.readAllBytes();
                }
                byte[] bytes = new byte[length];
                int read = stream.readNBytes(bytes, 0, length);
                if (read < length) {
                    throw new EOFException("body ended after " + read + " of " + length + " bytes");
                }
                return bytes;
            }
        }
        return body == null ? new byte[0] : message.getBody(byte[].class);
    }

    /**
     * A 2xx whose content is not what was asked (a proxy's error page, a body cut off, no count) is a
     * transient failure, found here so the request is tried again. Pages are framed by {@link PageRecords}.
     */
    private static void check(SourceRequest request, SourceResponse response) {
        switch (request.kind()) {
            case COUNT -> {
                if (response.total().isEmpty()) {
                    throw new MalformedPageException("source did not count the rows of " + request.table()
                            + " (no total in Content-Range '" + response.contentRange() + "')");
                }
            }
            case DESCRIPTION, VALUE -> {
                try {
                    JsonNode json = JSON.readTree(response.body());
                    if (json == null || !(request.kind() == SourceRequest.Kind.DESCRIPTION ? json.isObject() : json.isArray())) {
                        throw new MalformedPageException("source answered " + request.context() + " with unexpected content");
                    }
                } catch (java.io.IOException e) {
                    throw new MalformedPageException("source answered " + request.context() + " with a body that is not JSON");
                }
            }
            case PAGE -> {
                // framed, and checked whole, by PageRecords
            }
        }
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from PostgREST gateways and ignored). */
    static Long retryAfterMillis(String retryAfter) {
        if (retryAfter == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The source could not be reached or stopped answering: worth another try. */
    public void unreachable(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        metrics.sourceRequest(tableLabel(request), "error", elapsed(exchange));
        boolean timeout = cause instanceof java.net.SocketTimeoutException;
        throw new SourceException("source " + (timeout ? "did not answer in time" : "unreachable") + " for "
                + request.context() + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + (timeout ? "" : ". Check SUPABASE_URL"),
                true, timeout ? "timeout" : "unreachable", cause);
    }

    private static String tableLabel(SourceRequest request) {
        return request.table().isEmpty() ? "-" : request.table();
    }

    private static long elapsed(Exchange exchange) {
        return System.nanoTime() - exchange.getProperty(SourceRequests.STARTED, System.nanoTime(), Long.class);
    }

    static SourceException failure(SourceRequest request, int status, byte[] body) {
        String reason = reason(body);
        String what = request.context() + " (" + (request.table().isEmpty() ? "/rest/v1/" : "/rest/v1/" + request.table()) + ")";
        return switch (status) {
            case 401, 403 -> new SourceException("source refused " + what + " with HTTP " + status + ": " + reason
                    + ". Check SUPABASE_SERVICE_ROLE_KEY and that the key may read the table", false, "http_" + status, null);
            case 404 -> new SourceException("source has no " + what + ", HTTP 404: " + reason
                    + ". Check SUPABASE_URL and MIGRATOR_TABLES", false, "http_404", null);
            case 408, 425, 429, 500, 502, 503, 504 -> new SourceException(
                    "source failed " + what + " with HTTP " + status + ": " + reason, true, "http_" + status, null);
            default -> new SourceException("source rejected " + what + " with HTTP " + status + ": " + reason,
                    status >= 500, "http_" + status, null);
        };
    }

    /** PostgREST's error JSON {code, message, details, hint}, or the start of whatever else came back. */
    private static String reason(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                StringBuilder reason = new StringBuilder();
                if (error.hasNonNull("code")) {
                    reason.append(error.get("code").asText()).append(' ');
                }
                reason.append(error.get("message").asText());
                if (error.hasNonNull("hint")) {
                    reason.append(" (").append(error.get("hint").asText()).append(')');
                }
                return reason.toString();
            }
        } catch (Exception notJson) {
            // fall through: an HTML error page from a gateway, or nothing at all
        }
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "empty body" : "'" + text + (body.length > 120 ? "...'" : "'");
    }
}
