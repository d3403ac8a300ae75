package org.supabasemigrator.control;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Body of {@code POST /api/migrations}; the body and every field are optional. */
public record StartRequest(List<String> tables) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An empty body asks for every configured table. */
    public static StartRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new StartRequest(null);
        }
        try {
            return JSON.readValue(body, StartRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not a valid start request: " + e.getOriginalMessage());
        }
    }
}
