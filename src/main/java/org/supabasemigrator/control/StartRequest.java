package org.supabasemigrator.control;

import java.util.List;

/**
 * Body of {@code POST /api/migrations}, bound by Camel's REST binding; the body and every field are optional.
 *
 * @param tables              tables to process, default every table the source exposes (or MIGRATOR_TABLES)
 * @param mode                {@code full} (default), {@code incremental} or {@code verify}
 * @param createMissingTables create target tables the target lacks (default: {@code migrator.create-missing-tables})
 * @param deleteMissing       incremental: delete target rows gone from the source (default false: only report)
 * @param allowTriggers       proceed although target triggers would fire on migrated rows (default false)
 */
public record StartRequest(List<String> tables, String mode, Boolean createMissingTables, Boolean deleteMissing,
        Boolean allowTriggers) {
}
