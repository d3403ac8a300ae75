package org.supabasemigrator.control;

import java.util.List;
import java.util.Set;

import org.supabasemigrator.run.RunOptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Body of {@code POST /api/migrations}; the body and every field are optional.
 *
 * @param tables              tables to process, default all configured ones
 * @param mode                {@code full} (default), {@code incremental} or {@code verify}
 * @param createMissingTables create target tables the target lacks (default: {@code migrator.create-missing-tables})
 * @param deleteMissing       incremental: delete target rows gone from the source (default false: only report)
 */
public record StartRequest(List<String> tables, String mode, Boolean createMissingTables, Boolean deleteMissing) {

    static final Set<String> MODES = Set.of(RunOptions.FULL, RunOptions.INCREMENTAL, RunOptions.VERIFY);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An empty body asks for a full run of every configured table. */
    public static StartRequest parse(String body) {
        StartRequest request;
        if (body == null || body.isBlank()) {
            request = new StartRequest(null, null, null, null);
        } else {
            try {
                request = JSON.readValue(body, StartRequest.class);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("request body is not a valid start request: " + e.getOriginalMessage());
            }
        }
        if (request.mode() != null && !MODES.contains(request.mode())) {
            throw ApiException.badRequest("unknown mode '" + request.mode() + "'; modes: full, incremental, verify");
        }
        if (Boolean.TRUE.equals(request.deleteMissing()) && !RunOptions.INCREMENTAL.equals(request.mode())) {
            throw ApiException.badRequest("deleteMissing applies to incremental runs only");
        }
        return request;
    }

    public RunOptions options(boolean createMissingTablesByDefault) {
        return new RunOptions(mode == null ? RunOptions.FULL : mode,
                createMissingTables == null ? createMissingTablesByDefault : createMissingTables,
                Boolean.TRUE.equals(deleteMissing));
    }
}
