package org.supabasemigrator.testsupport.postgrest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Column;
import org.supabasemigrator.testsupport.postgrest.SchemaCache.Table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Swagger 2.0 document PostgREST serves at its root, built from the schema cache: one path and one
 * definition per table or view. Definitions carry what clients use for discovery: {@code required},
 * each column's {@code format} (the PostgreSQL type name without typmod), a JSON {@code type}, array
 * {@code items}, and the {@code <pk/>} / {@code <fk .../>} notes. Keys are sorted, as PostgREST prints them.
 */
final class OpenApiDocument {

    private static final String VERSION = "12.2.3";
    private static final Pattern QUOTED_DEFAULT = Pattern.compile("^'((?:[^']|'')*)'::[\\w .\"\\[\\]]+$");
    private static final List<String> MEDIA_TYPES = List.of("application/json",
            "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json", "text/csv");

    private OpenApiDocument() {
    }

    static byte[] render(SchemaCache cache, String host) {
        ObjectNode doc = Json.object();
        doc.put("basePath", "/");
        strings(doc.putArray("consumes"), MEDIA_TYPES);
        ObjectNode definitions = doc.putObject("definitions");
        ObjectNode externalDocs = doc.putObject("externalDocs");
        externalDocs.put("description", "PostgREST Documentation");
        externalDocs.put("url", "https://postgrest.org/en/v12/references/api.html");
        doc.put("host", host);
        ObjectNode info = doc.putObject("info");
        info.put("description", "");
        info.put("title", "standard public schema");
        info.put("version", VERSION);
        ObjectNode parameters = doc.putObject("parameters");
        commonParameters(parameters);
        ObjectNode paths = doc.putObject("paths");
        paths.set("/", rootPath());
        strings(doc.putArray("produces"), MEDIA_TYPES);
        strings(doc.putArray("schemes"), List.of("http"));
        doc.put("swagger", "2.0");

        for (Table table : cache.tables()) {
            definitions.set(table.name(), definition(table));
            paths.set("/" + table.name(), path(table));
            for (Column column : table.columns()) {
                ObjectNode filter = parameters.putObject("rowFilter." + table.name() + "." + column.name());
                filter.put("name", column.name());
                filter.put("required", false);
                filter.put("format", column.nominalType());
                filter.put("in", "query");
                filter.put("type", "string");
            }
        }
        return Json.bytes(doc);
    }

    private static ObjectNode definition(Table table) {
        ObjectNode definition = Json.object();
        if (table.description() != null) {
            definition.put("description", table.description());
        }
        ObjectNode properties = definition.putObject("properties");
        List<String> required = new ArrayList<>();
        for (Column column : table.columns()) {
            properties.set(column.name(), property(column));
            // PostgREST: required = NOT NULL without a default (what an INSERT must supply)
            if (column.notNull() && column.defaultExpr() == null) {
                required.add(column.name());
            }
        }
        if (!required.isEmpty()) {
            strings(definition.putArray("required"), required);
        }
        definition.put("type", "object");
        return definition;
    }

    private static ObjectNode property(Column column) {
        ObjectNode property = Json.object();
        setDefault(property, column.defaultExpr());
        String description = description(column);
        if (description != null) {
            property.put("description", description);
        }
        if (!column.enumValues().isEmpty()) {
            strings(property.putArray("enum"), column.enumValues());
        }
        property.put("format", column.nominalType());
        String type = jsonType(column.baseType());
        if ("array".equals(type)) {
            ObjectNode items = property.putObject("items");
            String elementType = jsonType(column.baseType().substring(0, column.baseType().length() - 2));
            if (elementType != null) {
                items.put("type", elementType);
            }
        }
        if (column.maxLength() != null) {
            property.put("maxLength", column.maxLength());
        }
        if (type != null) {
            property.put("type", type);
        }
        return property;
    }

    /** The column comment followed by PostgREST's machine-readable notes about keys. */
    private static String description(Column column) {
        List<String> notes = new ArrayList<>();
        if (column.primaryKey()) {
            notes.add("This is a Primary Key.<pk/>");
        }
        if (column.fkTable() != null) {
            notes.add("This is a Foreign Key to `" + column.fkTable() + "." + column.fkColumn() + "`.<fk table='"
                    + column.fkTable() + "' column='" + column.fkColumn() + "'/>");
        }
        if (notes.isEmpty()) {
            return column.description();
        }
        String text = "Note:\n" + String.join("\n", notes);
        return column.description() == null ? text : column.description() + "\n\n" + text;
    }

    /** PostgREST's mapping from PostgreSQL types to Swagger types; json/jsonb get none. */
    static String jsonType(String baseType) {
        if (baseType.endsWith("[]")) {
            return "array";
        }
        return switch (baseType) {
            case "json", "jsonb" -> null;
            case "boolean" -> "boolean";
            case "smallint", "integer", "bigint" -> "integer";
            case "numeric", "real", "double precision" -> "number";
            default -> "string";
        };
    }

    /** Literal defaults as JSON values ('x'::text -> "x", true, 0); expressions as their text ("now()"). */
    private static void setDefault(ObjectNode property, String expression) {
        if (expression == null || expression.equals("generated")) {
            return;
        }
        Matcher quoted = QUOTED_DEFAULT.matcher(expression);
        if (quoted.matches()) {
            property.put("default", quoted.group(1).replace("''", "'"));
        } else if (expression.equals("true") || expression.equals("false")) {
            property.put("default", Boolean.parseBoolean(expression));
        } else if (expression.matches("-?\\d+(\\.\\d+)?")) {
            property.put("default", new BigDecimal(expression));
        } else {
            property.put("default", expression);
        }
    }

    private static ObjectNode path(Table table) {
        ObjectNode path = Json.object();
        ObjectNode get = path.putObject("get");
        ArrayNode parameters = get.putArray("parameters");
        for (Column column : table.columns()) {
            parameters.addObject().put("$ref", "#/parameters/rowFilter." + table.name() + "." + column.name());
        }
        for (String common : List.of("select", "order", "range", "rangeUnit", "offset", "limit", "preferCount")) {
            parameters.addObject().put("$ref", "#/parameters/" + common);
        }
        ObjectNode responses = get.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "OK");
        ObjectNode schema = ok.putObject("schema");
        schema.putObject("items").put("$ref", "#/definitions/" + table.name());
        schema.put("type", "array");
        responses.putObject("206").put("description", "Partial Content");
        if (table.description() != null) {
            get.put("summary", table.description());
        }
        get.putArray("tags").add(table.name());
        return path;
    }

    private static ObjectNode rootPath() {
        ObjectNode get = Json.object();
        strings(get.putArray("produces"), List.of("application/openapi+json", "application/json"));
        get.putObject("responses").putObject("200").put("description", "OK");
        get.put("summary", "OpenAPI description (this document)");
        get.putArray("tags").add("Introspection");
        ObjectNode path = Json.object();
        path.set("get", get);
        return path;
    }

    private static void commonParameters(ObjectNode parameters) {
        header(parameters, "preferCount", "Prefer", "Preference", List.of("count=none"));
        query(parameters, "select", "Filtering Columns");
        query(parameters, "order", "Ordering");
        header(parameters, "range", "Range", "Limiting and Pagination", null);
        ObjectNode rangeUnit = header(parameters, "rangeUnit", "Range-Unit", "Limiting and Pagination", null);
        rangeUnit.put("default", "items");
        query(parameters, "offset", "Limiting and Pagination");
        query(parameters, "limit", "Limiting and Pagination");
    }

    private static ObjectNode header(ObjectNode parameters, String key, String name, String description, List<String> values) {
        ObjectNode parameter = parameters.putObject(key);
        parameter.put("name", name);
        parameter.put("description", description);
        parameter.put("required", false);
        if (values != null) {
            strings(parameter.putArray("enum"), values);
        }
        parameter.put("in", "header");
        parameter.put("type", "string");
        return parameter;
    }

    private static void query(ObjectNode parameters, String name, String description) {
        ObjectNode parameter = parameters.putObject(name);
        parameter.put("name", name);
        parameter.put("description", description);
        parameter.put("required", false);
        parameter.put("in", "query");
        parameter.put("type", "string");
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
