package org.supabasemigrator.model;

import java.util.List;
import java.util.Map;

/**
 * A table as the source's API description presents it.
 *
 * @param columns    column name to PostgreSQL type as PostgREST names it ({@code format} in the OpenAPI document),
 *                   in source order
 * @param primaryKey columns marked {@code <pk/>}
 * @param required   columns the description lists as required (NOT NULL)
 */
public record SourceTable(String name, Map<String, String> columns, List<String> primaryKey, List<String> required) {
}
