package org.supabasemigrator.model;

/** How rows are loaded into a target that has foreign keys and triggers of its own. */
public enum LoadMode {
    /**
     * Write sessions run with {@code session_replication_role = replica} (as {@code pg_restore --disable-triggers}
     * and Supabase's restore guide do): no foreign key check and no ordinary trigger fires, so tables load in
     * any order and at the same time; every foreign key is checked once the tables are in.
     */
    REPLICA,
    /**
     * The role may not do that: tables load parents first, the role's own tables' triggers are disabled for the
     * load ({@code ALTER TABLE ... DISABLE TRIGGER USER}), and rows refused because their parent had not arrived
     * yet are written again at the end of the load.
     */
    ORDERED
}
