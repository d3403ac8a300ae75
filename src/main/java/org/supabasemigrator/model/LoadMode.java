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
     * The role may not do that. On the tables it owns, it drops the foreign keys for the load (as
     * {@code pg_restore} creates them after the data), checks the references once the tables are in and adds the
     * keys again, and switches the triggers off ({@code ALTER TABLE ... DISABLE TRIGGER}) until the run ends. Foreign
     * keys it cannot lift order the load, parents first, and rows refused because their parent had not arrived
     * yet are written again at the end of the load.
     */
    ORDERED
}
