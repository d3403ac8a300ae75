package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.LoadMode;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.sink.DeferredIndexes;
import org.supabasemigrator.sink.ForeignKeyLift;
import org.supabasemigrator.sink.TriggerSwitch;

/**
 * Where write sessions cannot switch the target's checks off themselves ({@link LoadMode#ORDERED}), what the
 * role may do on its own tables is done for the whole load, called by route {@code migration-run}: before the
 * first row, their triggers are switched off and the foreign keys it may add again are lifted; once the tables
 * are in and the references checked, the keys come back validated; and however the run ends, every key and
 * trigger is back ({@code NOT VALID} keys for a run that did not finish). Secondary indexes a full run deferred
 * ({@link DeferredIndexes}, any load mode) are built when their table ends, else here when the run ends.
 */
@ApplicationScoped
@Named("loadSwitches")
public class LoadSwitches {

    private static final Logger LOG = Logger.getLogger(LoadSwitches.class);

    private final TriggerSwitch triggers;
    private final ForeignKeyLift keys;
    private final DeferredIndexes indexes;
    private final RunStore runs;

    public LoadSwitches(TriggerSwitch triggers, ForeignKeyLift keys, DeferredIndexes indexes, RunStore runs) {
        this.triggers = triggers;
        this.keys = keys;
        this.indexes = indexes;
        this.runs = runs;
    }

    /** Before the first row: owned tables' triggers off, liftable foreign keys dropped (noted, to come back). */
    public void switchOff(@ExchangeProperty("run") MigrationRun run) {
        if (!ordered(run)) {
            return;
        }
        for (TableRun table : run.getTables()) {
            Table target = table.getMapping().target();
            if (target.owned()) {
                triggers.disable(run.getId(), target);
            }
        }
        List<ForeignKey> lifted = run.getPlan().lifted();
        if (!lifted.isEmpty()) {
            keys.lift(run.getId(), run.getTables().get(0).getMapping().target().schema(), lifted);
        }
    }

    /** Once the tables are in and their references checked: the lifted keys are added again, validated. */
    public void keysBack(@ExchangeProperty("run") MigrationRun run) {
        if (!ordered(run)) {
            return;
        }
        List<String> unvalidated = keys.restore(run.getId(), true);
        if (!unvalidated.isEmpty()) {
            LOG.warnf("Run %d: %s", run.getId(), String.join("; ", unvalidated));
            List<String> notes = new ArrayList<>(run.getPlan().notes());
            notes.addAll(unvalidated);
            runs.runNotes(run.getId(), notes);
        }
    }

    /** However the run ended: every trigger back on, keys not added back yet added NOT VALID, deferred indexes built. */
    public void switchOn(MigrationRun run) {
        if (ordered(run)) {
            keys.restore(run.getId(), false);
            triggers.enable(run.getId(), null);
        }
        indexes.rebuild(run.getId(), null, null);
    }

    /** At start-up: what a process that died left switched off or dropped, of any run, comes back (keys NOT VALID). */
    public void switchOnAfterCrash() {
        keys.restore(null, false);
        triggers.enable(null, null);
        indexes.rebuild(null, null, null);
    }

    private static boolean ordered(MigrationRun run) {
        return run.getPlan() != null && run.getPlan().mode() == LoadMode.ORDERED && run.getOptions().writes();
    }
}
