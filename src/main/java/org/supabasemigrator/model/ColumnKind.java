package org.supabasemigrator.model;

/** How a column's JSON value from the source becomes the text PostgreSQL parses for the column. */
public enum ColumnKind {
    /** json or jsonb. */
    JSON,
    /** A PostgreSQL array: a JSON array becomes an array literal of the element type. */
    ARRAY,
    /** Everything else: the JSON scalar's text as PostgreSQL printed it. */
    SCALAR
}
