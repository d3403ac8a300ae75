package org.supabasemigrator.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.supabasemigrator.catalog.TargetCatalog;
import org.supabasemigrator.catalog.TargetTable;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.source.SourceCatalog;
import org.supabasemigrator.source.SourceTable;

/**
 * The schema preflight: every table compared between the source's API description and the target catalog,
 * for a run before it writes anything, and on demand at {@code GET /api/schema/diff}.
 */
@ApplicationScoped
@Named("schemaInspector")
public class SchemaInspector {

    private final SourceCatalog source;
    private final TargetCatalog target;
    private final MigratorSettings settings;

    public SchemaInspector(SourceCatalog source, TargetCatalog target, MigratorSettings settings) {
        this.source = source;
        this.target = target;
        this.settings = settings;
    }

    public SchemaDiff diff(List<String> tables, Map<String, SourceTable> sourceTables) {
        return diff(tables, sourceTables, t -> target.find(settings.targetSchema(), t));
    }

    /** The diff against target tables the caller has already read. */
    public SchemaDiff diff(List<String> tables, Map<String, SourceTable> sourceTables,
            Function<String, Optional<TargetTable>> targetTables) {
        List<TableDiff> diffs = tables.stream()
                .map(t -> SchemaComparer.compare(t, sourceTables.get(t), targetTables.apply(t)))
                .toList();
        return new SchemaDiff(diffs.stream().allMatch(TableDiff::ok), diffs);
    }

    /** {@code GET /api/schema/diff[?tables=a,b]}: the configured tables unless some are named. */
    public SchemaDiff report(@Header("tables") String tables) {
        List<String> requested = tables == null || tables.isBlank() ? settings.tables()
                : List.of(tables.split("\\s*,\\s*"));
        List<String> unknown = requested.stream().filter(t -> !settings.tables().contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown table(s) " + String.join(", ", unknown) + "; MIGRATOR_TABLES configures "
                    + String.join(", ", settings.tables()));
        }
        return diff(requested, source.tables());
    }
}
