package org.supabasemigrator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.catalog.TargetTable;
import org.supabasemigrator.schema.SchemaProblem.Kind;
import org.supabasemigrator.source.SourceTable;

/**
 * Compares a source table, as the source's API description shows it, with its target table from the
 * PostgreSQL catalog, column by column, before a single row moves.
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

    public static TableDiff compare(String table, SourceTable source, Optional<TargetTable> target) {
        List<SchemaProblem> problems = new ArrayList<>();
        if (source == null) {
            problems.add(new SchemaProblem(Kind.MISSING_SOURCE_TABLE, true, null, null, null,
                    "the source has no table " + table + " (not in the API description of SUPABASE_URL, or the key may not read it)"));
        }
        if (target.isEmpty()) {
            problems.add(new SchemaProblem(Kind.MISSING_TABLE, true, null, null, null, "the target has no table " + table));
        }
        if (source != null && target.isPresent()) {
            compareColumns(source, target.get(), problems);
            compareKeys(source, target.get(), problems);
        }
        return new TableDiff(table, problems.stream().noneMatch(SchemaProblem::blocking), problems);
    }

    private static void compareColumns(SourceTable source, TargetTable target, List<SchemaProblem> problems) {
        source.columns().forEach((column, sourceFormat) -> {
            Optional<TargetColumn> targetColumn = target.column(column);
            String sourceType = normalize(sourceFormat);
            if (targetColumn.isEmpty()) {
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, true, column, sourceType, null,
                        "column missing in the target (source type " + sourceType + ")"));
                return;
            }
            TargetColumn t = targetColumn.get();
            String targetType = normalize(t.baseType());
            if (t.generated()) {
                problems.add(new SchemaProblem(Kind.GENERATED_TARGET_COLUMN, false, column, sourceType, targetType,
                        "generated in the target: computed there, not copied"));
            } else if (!sourceType.isEmpty() && !sourceType.equals(targetType)) {
                boolean widened = widens(sourceType, targetType);
                problems.add(new SchemaProblem(widened ? Kind.TYPE_WIDENED : Kind.TYPE_MISMATCH, !widened, column,
                        sourceType, targetType, (widened ? "type widened: source " : "type mismatch: source ")
                                + sourceType + ", target " + targetType));
            }
        });
        for (TargetColumn t : target.columns()) {
            if (source.columns().containsKey(t.name()) || t.generated()) {
                continue;
            }
            boolean required = t.notNull() && !t.hasDefault();
            problems.add(new SchemaProblem(required ? Kind.REQUIRED_TARGET_COLUMN : Kind.EXTRA_TARGET_COLUMN, required,
                    t.name(), null, normalize(t.baseType()), required
                            ? "target-only column is NOT NULL without a default: no row could be inserted"
                            : "target-only column, left " + (t.hasDefault() ? "to its default" : "empty")));
        }
    }

    private static void compareKeys(SourceTable source, TargetTable target, List<SchemaProblem> problems) {
        if (target.primaryKey().isEmpty()) {
            problems.add(new SchemaProblem(Kind.MISSING_PRIMARY_KEY, true, null, null, null,
                    "the target table has no primary key: rows could not be upserted nor paged by key"));
        } else if (!source.primaryKey().isEmpty() && !Set.copyOf(source.primaryKey()).equals(Set.copyOf(target.primaryKey()))) {
            problems.add(new SchemaProblem(Kind.PRIMARY_KEY_MISMATCH, true, null, String.join(", ", source.primaryKey()),
                    String.join(", ", target.primaryKey()), "primary key differs: source (" + String.join(", ", source.primaryKey())
                            + "), target (" + String.join(", ", target.primaryKey()) + ")"));
        }
    }

    private static boolean widens(String sourceType, String targetType) {
        boolean sourceArray = sourceType.endsWith("[]");
        if (sourceArray != targetType.endsWith("[]")) {
            return false;
        }
        String from = sourceArray ? sourceType.substring(0, sourceType.length() - 2) : sourceType;
        String to = sourceArray ? targetType.substring(0, targetType.length() - 2) : targetType;
        return WIDENINGS.getOrDefault(from, Set.of()).contains(to);
    }

    /** Type names compared the way both sides print them: lower case, no schema, no quotes. */
    static String normalize(String type) {
        String name = type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replace("\"", "");
        return name.startsWith("public.") ? name.substring("public.".length()) : name;
    }
}
