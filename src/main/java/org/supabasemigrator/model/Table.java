package org.supabasemigrator.model;

import java.util.List;
import java.util.Optional;

/**
 * A business table in the target database.
 *
 * @param columns     in catalog order
 * @param key         the columns rows are identified and paged by: the primary key, else a unique index of NOT
 *                    NULL columns, else key columns named in the configuration
 * @param keySource   where the key comes from
 * @param uniqueKey   the target enforces the key's uniqueness (an upsert can use ON CONFLICT)
 * @param foreignKeys foreign keys of this table
 * @param triggers    the target's own triggers on this table
 * @param owned       the target role owns the table
 */
public record Table(String schema, String name, List<Column> columns, List<String> key, KeySource keySource,
        boolean uniqueKey, List<ForeignKey> foreignKeys, List<Trigger> triggers, boolean owned) {

    public enum KeySource {
        PRIMARY_KEY, UNIQUE_INDEX, CONFIGURED, NONE
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public String qualifiedName() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }
}
