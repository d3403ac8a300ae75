package org.supabasemigrator.model;

/**
 * How a run copies.
 *
 * @param mode                what the run does with each table
 * @param createMissingTables create target tables the target lacks, from the source's description
 * @param deleteMissing       incremental runs delete target rows whose key the source no longer has
 * @param allowTriggers       proceed although target triggers would fire on migrated rows (the target role
 *                            cannot switch them off)
 */
public record RunOptions(Mode mode, boolean createMissingTables, boolean deleteMissing, boolean allowTriggers) {

    public boolean writes() {
        return mode != Mode.VERIFY;
    }
}
