package org.supabasemigrator.run;

/**
 * How a run copies.
 *
 * @param mode                {@code full}: every row; {@code incremental}: rows changed since the last
 *                            successful copy, plus detection of rows gone from the source; {@code verify}: compare
 *                            only, write nothing
 * @param createMissingTables create target tables the target lacks, from the source's description
 * @param deleteMissing       incremental runs delete target rows whose key the source no longer has
 */
public record RunOptions(String mode, boolean createMissingTables, boolean deleteMissing) {

    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String VERIFY = "verify";

    public boolean isIncremental() {
        return INCREMENTAL.equals(mode);
    }
}
