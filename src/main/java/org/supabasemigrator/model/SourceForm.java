package org.supabasemigrator.model;

/**
 * How a column is asked of the source. PostgREST prints each value with PostgreSQL's {@code to_json}, which is
 * not input text for every type (composite values become objects, an array's lower bound is lost, hstore and
 * geometry have casts to JSON of their own, SQL NULL and JSON null both print null), so most columns are
 * selected cast to text: then every value arrives as the text PostgreSQL itself prints.
 */
public enum SourceForm {
    /** As {@code to_json} prints it: types whose JSON form is their text (numbers, booleans, text, uuid, enums). */
    NATIVE,
    /** {@code col::text}: the value's own text output. */
    TEXT,
    /** {@code col::numeric}: money, whose text depends on the server's locale. */
    NUMERIC;

    /** The PostgREST cast suffix ({@code ::text}), empty for native columns. */
    public String cast() {
        return switch (this) {
            case NATIVE -> "";
            case TEXT -> "::text";
            case NUMERIC -> "::numeric";
        };
    }
}
