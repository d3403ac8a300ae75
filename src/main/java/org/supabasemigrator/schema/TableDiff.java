package org.supabasemigrator.schema;

import java.util.List;

/** The schema comparison of one table: {@code ok} when nothing blocks copying it. */
public record TableDiff(String table, boolean ok, List<SchemaProblem> problems) {
}
