package org.supabasemigrator.schema;

/**
 * One difference between a source table and its target.
 *
 * @param blocking   whether it stops a run before any row moves
 * @param sourceType the column's type in the source, if it has the column
 * @param targetType the column's type in the target, if it has the column
 */
public record SchemaProblem(Kind kind, boolean blocking, String column, String sourceType, String targetType,
        String message) {

    public enum Kind {
        /** The target has no such table. */
        MISSING_TABLE,
        /** The source (as the key sees it) has no such table. */
        MISSING_SOURCE_TABLE,
        /** A source column the target lacks: its values would have nowhere to go. */
        MISSING_COLUMN,
        /** A target-only column that must be filled (NOT NULL without default). */
        REQUIRED_TARGET_COLUMN,
        /** A target-only column that may stay empty (nullable or defaulted). */
        EXTRA_TARGET_COLUMN,
        /** Same column, types that do not hold the same values. */
        TYPE_MISMATCH,
        /** Same column, a target type that holds every source value (e.g. integer into bigint). */
        TYPE_WIDENED,
        /** A generated target column: computed by the target, never written. */
        GENERATED_TARGET_COLUMN,
        /** The target table has no key: rows could not be paged, upserted nor compared by key. */
        MISSING_PRIMARY_KEY,
        /** Source and target disagree on the primary key. */
        PRIMARY_KEY_MISMATCH,
        /** No primary key: rows are identified by a unique index or by configured key columns. */
        KEY_WITHOUT_PRIMARY_KEY,
        /** The target's own triggers would fire on migrated rows: the role cannot switch them off. */
        TRIGGERS_WOULD_FIRE
    }
}
