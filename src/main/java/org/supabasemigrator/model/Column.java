package org.supabasemigrator.model;

/**
 * A column of a target table as the PostgreSQL catalog describes it.
 *
 * @param name           column name
 * @param sqlType        the type as {@code format_type} prints it, usable in {@code CAST(? AS sqlType)}
 * @param apiType        the type as PostgREST's API description names it: built-in types (and domains over them,
 *                       as their base type) without modifier, other types schema-qualified with it
 * @param kind           how source values are converted for it
 * @param form           how the column is asked of the source
 * @param elementIsJson  for arrays of json/jsonb: nested JSON arrays are values, not dimensions
 * @param collatable     its values order by a collation (text-like types), so key ranges compare differently
 *                       on another server
 * @param notNull        declared NOT NULL
 * @param hasDefault     has a default or is an identity column
 * @param identityAlways GENERATED ALWAYS AS IDENTITY: inserts need OVERRIDING SYSTEM VALUE
 * @param generated      a generated (computed) column: never written
 * @param printsOwnText  {@code col::text} is the type's own output text (no cast function to text, unlike
 *                       boolean, inet, char(n)), so the target can print the column without the cast
 */
public record Column(String name, String sqlType, String apiType, ColumnKind kind, SourceForm form, boolean elementIsJson,
        boolean collatable, boolean notNull, boolean hasDefault, boolean identityAlways, boolean generated,
        boolean printsOwnText) {

    /** The base type without modifier, e.g. {@code numeric} for {@code numeric(14,3)}. */
    public String baseType() {
        int paren = apiType.indexOf('(');
        return paren < 0 ? apiType : apiType.substring(0, paren) + apiType.substring(apiType.indexOf(')') + 1);
    }
}
