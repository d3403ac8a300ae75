package org.supabasemigrator.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the source says about its tables: the OpenAPI document PostgREST serves at {@code /rest/v1/}
 * (columns, their PostgreSQL types, primary keys), and exact row counts. Requests go through the same
 * {@code source-request} route as the pages.
 */
@ApplicationScoped
public class SourceCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate producer;

    public SourceCatalog(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Every table and view the key can see, by name. */
    public Map<String, SourceTable> tables() {
        SourceResponse response = request(SourceRequest.description());
        JsonNode definitions;
        try {
            definitions = JSON.readTree(response.body()).path("definitions");
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
        return tables;
    }

    /** Exact number of rows now ({@code Prefer: count=exact}, read from {@code Content-Range}). */
    public long count(String table) {
        return request(SourceRequest.count(table)).total().orElseThrow(); // checked by SourceResponses
    }

    /** The highest value of a column now (e.g. the newest {@code updated_at}), as the source prints it. */
    public Optional<String> max(String table, String column) {
        return edge(table, column, "desc", "highest");
    }

    /** The lowest value of a column now. */
    public Optional<String> min(String table, String column) {
        return edge(table, column, "asc", "lowest");
    }

    private Optional<String> edge(String table, String column, String direction, String which) {
        String query = "select=" + column + "&order=" + column + "." + direction + ".nullslast&limit=1";
        SourceResponse response = request(SourceRequest.value(table, query, which + " " + column + " of " + table));
        try {
            JsonNode value = JSON.readTree(response.body()).path(0).path(column);
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        } catch (IOException e) {
            throw new MalformedPageException(which + " " + column + " of " + table + " is not JSON: " + e.getMessage());
        }
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

    private SourceResponse request(SourceRequest request) {
        try {
            return producer.requestBody("direct:source-call", request, SourceResponse.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
