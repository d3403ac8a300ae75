package org.supabasemigrator.control;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Body of {@code POST /api/migrations}; the body and every field are optional.
 *
 * @param tables tables to copy, default all configured ones
 * @param mode   {@code full} (default)
 */
public record StartRequest(List<String> tables, String mode) {

    static final Set<String> MODES = Set.of("full");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An empty body asks for a full run of every configured table. */
    public static StartRequest parse(String body) {
        StartRequest request;
        if (body == null || body.isBlank()) {
            request = new StartRequest(null, null);
        } else {
            try {
                request = JSON.readValue(body, StartRequest.class);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("request body is not a valid start request: " + e.getOriginalMessage());
            }
        }
        if (request.mode() != null && !MODES.contains(request.mode())) {
            throw ApiException.badRequest("unknown mode '" + request.mode() + "'; modes: " + String.join(", ", MODES));
        }
        return request;
    }

    public String modeOrDefault() {
        return mode == null ? "full" : mode;
    }
}
