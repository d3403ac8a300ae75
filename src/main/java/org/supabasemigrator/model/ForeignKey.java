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
 * @param definition    the constraint as PostgreSQL prints it ({@code FOREIGN KEY (a) REFERENCES s.t(id) ...}),
 *                      names qualified, so it can be added again as it was
 * @param liftable      the target role may drop it and add it again: it owns the table and may reference the parent
 */
public record ForeignKey(String name, String table, List<String> columns, String parentSchema, String parent,
        List<String> parentColumns, boolean matchFull, String definition, boolean liftable) {

    public boolean selfReferencing() {
        return table.equals(parent);
    }
}
