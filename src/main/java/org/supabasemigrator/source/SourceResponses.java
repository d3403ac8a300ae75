package org.supabasemigrator.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.event.SourceAnswered;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the source's answer: a 2xx becomes a {@link SourceResponse}; anything else a {@link SourceException}
 * that says what was asked, what the source answered (PostgREST's code and message, or the start of a gateway's
 * page) and whether asking again may help. Bodies arrive decompressed by the HTTP client (the gateway gzips
 * when asked) and are read as a stream, never past the request's size limit.
 */
@ApplicationScoped
@Named("sourceResponses")
public class SourceResponses {

    private final long maxRetryDelayMs;
    private final ObjectMapper json;
    private final Event<SourceAnswered> answered;

    public SourceResponses(MigratorSettings settings, ObjectMapper json, Event<SourceAnswered> answered) {
        this.maxRetryDelayMs = settings.source().maxRetryDelayMs();
        this.json = json;
        this.answered = answered;
    }

    public void read(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        exchange.setProperty(SourceRequests.STATUS, status);
        String contentRange = message.getHeader("Content-Range", String.class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        String location = message.getHeader("Location", String.class);
        byte[] body;
        try {
            body = body(message, status >= 200 && status < 300 ? request.maxBodyBytes() : 0);
        } catch (BodyTooLarge tooLarge) {
            message.setBody(null); // the closed stream must not travel on (stream caching would read it)
            answered(request, "too_large", exchange);
            throw new SourceException("source answer to " + request.context() + " is larger than "
                    + request.maxBodyBytes() + " bytes", true, "too_large", null);
        } catch (IOException | RuntimeException cutOff) {
            message.setBody(null);
            answered(request, "cut_off", exchange);
            throw new SourceException("source response to " + request.context() + " was cut off: " + cutOff.getMessage(),
                    true, "cut_off", cutOff);
        }
        message.setBody(null); // the stream is read and closed
        message.removeHeaders("*", "CamelRedelivery*");
        message.removeHeader(Exchange.REDELIVERY_DELAY); // only this answer's Retry-After counts
        answered(request, Integer.toString(status), exchange);
        if (status >= 200 && status < 300 || request.kind() == SourceRequest.Kind.DESCRIPTION && unavailable(status, body)) {
            SourceResponse response = new SourceResponse(status, body, contentRange);
            check(request, response);
            message.setBody(response);
            return;
        }
        if (status >= 300 && status < 400) {
            throw new SourceException("source answered " + request.context() + " (" + path(request) + ") with HTTP "
                    + status + ", a redirect to " + (location == null ? "nowhere" : location)
                    + ": PostgREST never redirects, so SUPABASE_URL points elsewhere (a proxy, an old project, a typo);"
                    + " the redirect was not followed and the key was not sent there", false, "redirect", null);
        }
        SourceException failure = failure(request, status, body);
        Long delay = retryAfterMillis(retryAfter);
        if (failure.isTransient() && delay != null) {
            // the source said when to come back: the redelivery waits that long instead of its back-off
            message.setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, maxRetryDelayMs));
        }
        throw failure;
    }

    /** The description is switched off (PostgREST 12: 200 and nothing; 13+: 404 PGRST126) or refused to this key (403). */
    private boolean unavailable(int status, byte[] body) {
        return status == 403 || status == 404 && "PGRST126".equals(code(body));
    }

    /**
     * The whole body, read from the HTTP client's stream (neither the endpoint nor the route caches it), at most
     * {@code limit} bytes (0 = any); closing the stream gives the connection back to the pool.
     */
    private static byte[] body(Message message, long limit) throws IOException {
        Object body = message.getBody();
        if (!(body instanceof InputStream stream)) {
            return body == null ? new byte[0] : message.getBody(byte[].class);
        }
        try (stream) {
            Integer length = message.getHeader("Content-Length", Integer.class);
            if (length != null && message.getHeader("Content-Encoding") == null) {
                if (limit > 0 && length > limit) {
                    throw new BodyTooLarge();
                }
                byte[] bytes = stream.readNBytes(length);
                if (bytes.length < length) {
                    throw new java.io.EOFException("body ended after " + bytes.length + " of " + length + " bytes");
                }
                return bytes;
            }
            // a compressed (or chunked) body: its decoded length is known only at its end; readNBytes reads it in
            // chunks and copies them once (a growing array would copy a page of megabytes several times)
            int most = limit > 0 ? (int) Math.min(Integer.MAX_VALUE - 8, limit + 1) : Integer.MAX_VALUE;
            byte[] bytes = stream.readNBytes(most);
            if (limit > 0 && bytes.length > limit) {
                throw new BodyTooLarge();
            }
            return bytes;
        }
    }

    /** A body past its limit: not read on, and not worth asking for unchanged. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A 2xx whose content is not what was asked (a proxy's error page, a body cut off) is a transient failure,
     * found here so the request is tried again. Pages are framed, and checked whole, afterwards.
     */
    private void check(SourceRequest request, SourceResponse response) {
        if (request.kind() == SourceRequest.Kind.PAGE) {
            return;
        }
        if (request.kind() == SourceRequest.Kind.DESCRIPTION && (response.body().length == 0 || !response.ok())) {
            return; // switched off: nothing to check, and nothing asking again would change
        }
        try {
            JsonNode node = json.readTree(response.body());
            boolean expected = request.kind() == SourceRequest.Kind.DESCRIPTION ? node != null && node.isObject()
                    : node != null && node.isArray();
            if (!expected) {
                throw new MalformedPageException("source answered " + request.context() + " with unexpected content");
            }
        } catch (IOException e) {
            throw new MalformedPageException("source answered " + request.context() + " with a body that is not JSON");
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Long retryAfterMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The source could not be reached or stopped answering: worth another try. */
    public void unreachable(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().setBody(null);
        answered(request, "error", exchange);
        boolean timeout = cause instanceof java.net.SocketTimeoutException;
        throw new SourceException("source " + (timeout ? "did not answer in time" : "unreachable") + " for "
                + request.context() + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + (timeout ? "" : ". Check SUPABASE_URL"),
                true, timeout ? "timeout" : "unreachable", cause);
    }

    private void answered(SourceRequest request, String status, Exchange exchange) {
        long started = exchange.getProperty(SourceRequests.STARTED, System.nanoTime(), Long.class);
        answered.fire(new SourceAnswered(request.table().isEmpty() ? "-" : request.table(), status,
                System.nanoTime() - started));
    }

    private static String path(SourceRequest request) {
        return request.table().isEmpty() ? "/rest/v1/" : "/rest/v1/" + request.table();
    }

    SourceException failure(SourceRequest request, int status, byte[] body) {
        String code = code(body);
        String reason = reason(body);
        String what = request.context() + " (" + path(request) + ")";
        if ("57014".equals(code)) {
            return new SourceException("source cancelled " + what + " after its statement timeout (HTTP " + status
                    + ", SQLSTATE 57014)", true, "statement_timeout", null);
        }
        return switch (status) {
            case 401, 403 -> new SourceException("source refused " + what + " with HTTP " + status + ": " + reason
                    + ". Check SUPABASE_SERVICE_ROLE_KEY and that the key may read the table", false, "http_" + status, null);
            case 404 -> new SourceException("source has no " + what + ", HTTP 404: " + reason
                    + ". Check SUPABASE_URL, MIGRATOR_SOURCE_SCHEMA and MIGRATOR_TABLES", false, "http_404", null);
            case 406 -> new SourceException("source refused " + what + " with HTTP 406: " + reason
                    + ". Check MIGRATOR_SOURCE_SCHEMA: the schema must be one the project's API exposes", false, "http_406", null);
            case 414 -> new SourceException("source's gateway refused " + what + " with HTTP 414 (URI too long): " + reason
                    + ". Lower MIGRATOR_SOURCE_MAX_URI_BYTES", false, "http_414", null);
            case 408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530 -> new SourceException(
                    "source failed " + what + " with HTTP " + status + ": " + reason, true, "http_" + status, null);
            default -> new SourceException("source rejected " + what + " with HTTP " + status + ": " + reason,
                    status >= 500, "http_" + status, null);
        };
    }

    /** PostgREST's error code ({@code PGRST...} or a SQLSTATE), if the body is its error JSON. */
    private String code(byte[] body) {
        try {
            JsonNode error = json.readTree(body);
            return error != null && error.hasNonNull("code") ? error.get("code").asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** PostgREST's error JSON {code, message, details, hint}, or the start of whatever else came back. */
    private String reason(byte[] body) {
        try {
            JsonNode error = json.readTree(body);
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
        } catch (IOException | RuntimeException notJson) {
            // fall through: an HTML error page from a gateway, or nothing at all
        }
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ")
                .replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "empty body" : "'" + text + (body.length > 120 ? "...'" : "'");
    }
}
