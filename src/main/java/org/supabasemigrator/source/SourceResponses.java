package org.supabasemigrator.source;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

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

    public void read(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = request.headOnly() ? new byte[0] : message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String contentRange = message.getHeader("Content-Range", String.class);
        message.removeHeaders("*");
        if (status >= 200 && status < 300) {
            message.setBody(new SourceResponse(status, body, contentRange));
            return;
        }
        throw failure(request, status, body);
    }

    /** The source could not be reached or stopped answering: worth another try. */
    public void unreachable(Exchange exchange) {
        SourceRequest request = exchange.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw new SourceException("source unreachable for " + request.context() + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + ". Check SUPABASE_URL", true, cause);
    }

    static SourceException failure(SourceRequest request, int status, byte[] body) {
        String reason = reason(body);
        String what = request.context() + " (" + (request.table().isEmpty() ? "/rest/v1/" : "/rest/v1/" + request.table()) + ")";
        return switch (status) {
            case 401, 403 -> new SourceException("source refused " + what + " with HTTP " + status + ": " + reason
                    + ". Check SUPABASE_SERVICE_ROLE_KEY and that the key may read the table", false);
            case 404 -> new SourceException("source has no " + what + ", HTTP 404: " + reason
                    + ". Check SUPABASE_URL and MIGRATOR_TABLES", false);
            case 408, 425, 429, 500, 502, 503, 504 -> new SourceException(
                    "source failed " + what + " with HTTP " + status + ": " + reason, true);
            default -> new SourceException("source rejected " + what + " with HTTP " + status + ": " + reason,
                    status >= 500);
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
