package org.supabasemigrator.catalog;

/**
 * A column of a target table as the PostgreSQL catalog describes it.
 *
 * @param name          column name
 * @param sqlType       the type as {@code format_type} prints it, usable in {@code CAST(? AS sqlType)}
 * @param baseType      the type without modifiers ({@code numeric}, not {@code numeric(14,3)}), as PostgREST names it
 * @param kind          how source values are converted for it
 * @param elementIsJson for arrays of json/jsonb: nested JSON arrays are values, not dimensions
 * @param notNull       declared NOT NULL
 * @param hasDefault    has a default or is an identity column
 * @param identityAlways GENERATED ALWAYS AS IDENTITY: inserts need OVERRIDING SYSTEM VALUE
 * @param generated     a generated (computed) column: never written
 */
public record TargetColumn(String name, String sqlType, String baseType, ColumnKind kind, boolean elementIsJson, boolean notNull,
        boolean hasDefault, boolean identityAlways, boolean generated) {
}
