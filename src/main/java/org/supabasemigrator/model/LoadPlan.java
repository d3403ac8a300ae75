package org.supabasemigrator.model;

import java.util.List;

/**
 * How a run's tables are loaded, decided by the preflight from the target's foreign keys and what the target
 * role may do.
 *
 * @param mode   how the target's constraint checks and triggers are kept from firing on migrated rows
 * @param waves  the tables in load order: every table of a wave may load at the same time, waves one after
 *               another (one wave when no foreign key is checked as rows arrive)
 * @param lifted foreign keys dropped for the load and added again once the tables are in and their references
 *               checked ({@link LoadMode#ORDERED}, where the role owns the table)
 * @param notes  what the preflight found about the role and the schema, for the run's log and report
 */
public record LoadPlan(LoadMode mode, List<List<TableRun>> waves, List<ForeignKey> lifted, List<String> notes) {
}
