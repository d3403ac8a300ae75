package org.supabasemigrator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.schema.SchemaProblem.Kind;

/**
 * Compares a source table, as the source's API description shows it, with its target table from the
 * PostgreSQL catalog, column by column, before a single row moves. Types are compared as PostgREST names them
 * on both sides: a domain over a built-in type is that type, a type of an extension or of the schema itself is
 * qualified with its schema ({@code public.user_status[]}, {@code extensions.vector(3)}), and the same type in
 * another schema of the target is the same type.
 */
public final class SchemaComparer {

    /** Source type to target types that hold every one of its values. */
    private static final Map<String, Set<String>> WIDENINGS = Map.of(
            "smallint", Set.of("integer", "bigint", "numeric"),
            "integer", Set.of("bigint", "numeric"),
            "bigint", Set.of("numeric"),
            "real", Set.of("double precision"),
            "json", Set.of("jsonb"),
            "character varying", Set.of("text"),
            "character", Set.of("text", "character varying"));

    private SchemaComparer() {
    }

    /**
     * @param typesKnown false when the source's description was unavailable and its columns were probed: their
     *                   types cannot be compared
     */
    public static TableDiff compare(String table, SourceTable source, Optional<Table> target, boolean typesKnown) {
        List<SchemaProblem> problems = new ArrayList<>();
        if (source == null) {
            problems.add(new SchemaProblem(Kind.MISSING_SOURCE_TABLE, true, null, null, null,
                    "the source has no table " + table + " (not in the API description of SUPABASE_URL for the schema"
                            + " asked, or the key may not read it)"));
        }
        if (target.isEmpty()) {
            problems.add(new SchemaProblem(Kind.MISSING_TABLE, true, null, null, null, "the target has no table " + table));
        }
        if (source != null && target.isPresent()) {
            compareColumns(source, target.get(), typesKnown, problems);
            compareKeys(source, target.get(), problems);
        }
        return new TableDiff(table, problems.stream().noneMatch(SchemaProblem::blocking), problems);
    }

    private static void compareColumns(SourceTable source, Table target, boolean typesKnown, List<SchemaProblem> problems) {
        source.columns().forEach((column, sourceFormat) -> {
            Optional<Column> targetColumn = target.column(column);
            String sourceType = normalize(sourceFormat);
            if (targetColumn.isEmpty()) {
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, true, column, sourceType, null,
                        "column missing in the target" + (sourceType.isEmpty() ? "" : " (source type " + sourceType + ")")));
                return;
            }
            Column t = targetColumn.get();
            String targetType = normalize(t.apiType());
            if (t.generated()) {
                problems.add(new SchemaProblem(Kind.GENERATED_TARGET_COLUMN, false, column, sourceType, targetType,
                        "generated in the target: computed there, not copied"));
            } else if (typesKnown && !sourceType.isEmpty() && !sameType(sourceType, targetType)) {
                boolean widened = widens(sourceType, targetType);
                problems.add(new SchemaProblem(widened ? Kind.TYPE_WIDENED : Kind.TYPE_MISMATCH, !widened, column,
                        sourceType, targetType, (widened ? "type widened: source " : "type mismatch: source ")
                                + sourceType + ", target " + targetType));
            }
        });
        for (Column t : target.columns()) {
            if (source.columns().containsKey(t.name()) || t.generated()) {
                continue;
            }
            boolean required = t.notNull() && !t.hasDefault();
            problems.add(new SchemaProblem(required ? Kind.REQUIRED_TARGET_COLUMN : Kind.EXTRA_TARGET_COLUMN, required,
                    t.name(), null, normalize(t.apiType()), required
                            ? "target-only column is NOT NULL without a default: no row could be inserted"
                            : "target-only column, left " + (t.hasDefault() ? "to its default" : "empty")));
        }
    }

    private static void compareKeys(SourceTable source, Table target, List<SchemaProblem> problems) {
        if (target.keySource() == Table.KeySource.NONE) {
            problems.add(new SchemaProblem(Kind.MISSING_PRIMARY_KEY, true, null, null, null,
                    "the target table has neither a primary key nor a unique index of NOT NULL columns, so rows could"
                            + " not be paged, upserted or compared by key: add one, name key columns in"
                            + " migrator.key-columns." + target.name() + "=<col>[,<col>...], or leave the table out of"
                            + " MIGRATOR_TABLES"));
            return;
        }
        List<String> missing = target.key().stream().filter(k -> !source.columns().containsKey(k)).toList();
        if (!missing.isEmpty()) {
            problems.add(new SchemaProblem(Kind.PRIMARY_KEY_MISMATCH, true, null, String.join(", ", source.primaryKey()),
                    String.join(", ", target.key()), "the source lacks key column(s) " + String.join(", ", missing)
                            + " of the target"));
        } else if (target.keySource() == Table.KeySource.PRIMARY_KEY && !source.primaryKey().isEmpty()
                && !Set.copyOf(source.primaryKey()).equals(Set.copyOf(target.key()))) {
            problems.add(new SchemaProblem(Kind.PRIMARY_KEY_MISMATCH, true, null, String.join(", ", source.primaryKey()),
                    String.join(", ", target.key()), "primary key differs: source (" + String.join(", ", source.primaryKey())
                            + "), target (" + String.join(", ", target.key()) + ")"));
        } else if (target.keySource() != Table.KeySource.PRIMARY_KEY) {
            problems.add(new SchemaProblem(Kind.KEY_WITHOUT_PRIMARY_KEY, false, null, String.join(", ", source.primaryKey()),
                    String.join(", ", target.key()), "no primary key: rows are identified by ("
                            + String.join(", ", target.key()) + ")" + (target.keySource() == Table.KeySource.CONFIGURED
                                    ? ", named in migrator.key-columns" : ", a unique index of NOT NULL columns")));
        }
    }

    /**
     * The same type, also when one side names it in another schema (an extension installed elsewhere), and as
     * PostgREST 16 names integers in its description ({@code int32} for smallint and integer, {@code int64} for
     * bigint).
     */
    static boolean sameType(String source, String target) {
        return source.equals(target) || unqualified(source).equals(unqualified(target))
                || source.equals("int32") && (target.equals("integer") || target.equals("smallint"))
                || source.equals("int64") && target.equals("bigint");
    }

    private static String unqualified(String type) {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static boolean widens(String sourceType, String targetType) {
        sourceType = sourceType.equals("int32") ? "integer" : sourceType.equals("int64") ? "bigint" : sourceType;
        boolean sourceArray = sourceType.endsWith("[]");
        if (sourceArray != targetType.endsWith("[]")) {
            return false;
        }
        String from = sourceArray ? sourceType.substring(0, sourceType.length() - 2) : sourceType;
        String to = sourceArray ? targetType.substring(0, targetType.length() - 2) : targetType;
        return WIDENINGS.getOrDefault(from, Set.of()).contains(to);
    }

    /** Type names compared the way both sides print them: lower case, no quotes. */
    static String normalize(String type) {
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replace("\"", "");
    }
}
