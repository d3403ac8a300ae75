package org.supabasemigrator.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The schema comparison of every table of a run, as {@code GET /api/schema/diff} shows it.
 *
 * @param notes what the preflight found beside the columns: how tables load (what the target role allows),
 *              what could not be checked (a source that hides its API description)
 */
public record SchemaDiff(boolean ok, List<TableDiff> tables, List<String> notes) {

    /** One line per blocking problem: what a failed run records as its reason. */
    public String blockingSummary() {
        return tables.stream().flatMap(t -> t.problems().stream().filter(SchemaProblem::blocking)
                .map(p -> t.table() + (p.column() == null ? "" : "." + p.column()) + ": " + p.message()))
                .collect(Collectors.joining("; "));
    }
}
