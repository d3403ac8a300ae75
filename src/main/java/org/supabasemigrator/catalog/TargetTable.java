package org.supabasemigrator.catalog;

import java.util.List;
import java.util.Optional;

/** A business table in the target database: its columns in catalog order and its primary key. */
public record TargetTable(String schema, String name, List<TargetColumn> columns, List<String> primaryKey) {

    public Optional<TargetColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public String qualifiedName() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }
}
