package org.supabasemigrator.model;

import java.util.List;

/**
 * A foreign key of a target table.
 *
 * @param name          constraint name
 * @param table         the referencing table
 * @param columns       its referencing columns, in constraint order
 * @param parentSchema  schema of the referenced table
 * @param parent        the referenced table
 * @param parentColumns the referenced columns, in constraint order
 * @param matchFull     MATCH FULL (a row with some but not all columns NULL breaks it); else MATCH SIMPLE
 */
public record ForeignKey(String name, String table, List<String> columns, String parentSchema, String parent,
        List<String> parentColumns, boolean matchFull) {

    public boolean selfReferencing() {
        return table.equals(parent);
    }
}
