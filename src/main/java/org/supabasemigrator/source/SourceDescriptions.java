package org.supabasemigrator.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.supabasemigrator.model.SourceDescription;
import org.supabasemigrator.model.SourceTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the OpenAPI document PostgREST serves at {@code /rest/v1/}: per table, its columns with their
 * PostgreSQL types as PostgREST names them, its primary key ({@code <pk/>} notes) and its required columns.
 * Projects may switch the document off or refuse it to keys that are not secret: then the description says
 * why, and the preflight checks the source by probing each table instead.
 */
@ApplicationScoped
@Named("sourceDescriptions")
public class SourceDescriptions {

    private final ObjectMapper json;

    public SourceDescriptions(ObjectMapper json) {
        this.json = json;
    }

    public SourceDescription read(SourceResponse response) {
        if (response.status() == 403) {
            return SourceDescription.unavailable("the source refuses its API description to this key (HTTP 403)");
        }
        if (response.status() == 404) {
            return SourceDescription.unavailable("the project disabled its API description (PGRST126)");
        }
        if (response.body().length == 0) {
            return SourceDescription.unavailable("the project disabled its API description (an empty answer)");
        }
        JsonNode definitions;
        try {
            definitions = json.readTree(response.body()).path("definitions");
        } catch (IOException e) {
            throw new SourceException("source API description at /rest/v1/ is not JSON: " + e.getMessage()
                    + ". Check SUPABASE_URL", false);
        }
        if (!definitions.isObject()) {
            throw new SourceException("source API description at /rest/v1/ has no table definitions"
                    + ". Check SUPABASE_URL points at a Supabase project (PostgREST)", false);
        }
        Map<String, SourceTable> tables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> definition = it.next();
            tables.put(definition.getKey(), table(definition.getKey(), definition.getValue()));
        }
        return new SourceDescription(tables, null);
    }

    private static SourceTable table(String name, JsonNode definition) {
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> primaryKey = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = definition.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            columns.put(property.getKey(), Optional.ofNullable(property.getValue().get("format"))
                    .map(JsonNode::asText).orElse(""));
            if (property.getValue().path("description").asText("").contains("<pk/>")) {
                primaryKey.add(property.getKey());
            }
        }
        List<String> required = new ArrayList<>();
        definition.path("required").forEach(column -> required.add(column.asText()));
        return new SourceTable(name, columns, primaryKey, required);
    }

    /** The field names of the row a probe ({@code select=*&limit=1}) returned, or empty for an empty table. */
    public List<String> probedColumns(SourceResponse response) {
        List<String> names = new ArrayList<>();
        try {
            json.readTree(response.body()).path(0).fieldNames().forEachRemaining(names::add);
        } catch (IOException e) {
            throw new MalformedPageException("a probe of the source is not JSON: " + e.getMessage());
        }
        return names;
    }
}
