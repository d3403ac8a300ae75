package org.supabasemigrator.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.RunState;

/**
 * Outcomes of runs that ended while the target could not record them (it stayed away longer than the service
 * waits): kept here and written as soon as the target answers again, so a run never shows RUNNING without a
 * worker; until then the control API shows them in its place. A process that dies first leaves them to the next
 * start, which marks runs left active as interrupted.
 */
@ApplicationScoped
public class PendingOutcomes {

    private static final Logger LOG = Logger.getLogger(PendingOutcomes.class);

    /** A run's end, to be recorded. */
    public record Outcome(RunState state, String error, String stopReason) {
    }

    private final RunStore runs;
    private final LoadSwitches switches;
    private final Map<Long, Outcome> pending = new ConcurrentHashMap<>();
    private final Map<Long, MigrationRun> ended = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pending-run-outcomes");
        thread.setDaemon(true);
        return thread;
    });

    public PendingOutcomes(RunStore runs, LoadSwitches switches) {
        this.runs = runs;
        this.switches = switches;
        retry.scheduleWithFixedDelay(this::writeAll, 1, 1, TimeUnit.SECONDS);
    }

    void keep(MigrationRun run, Outcome outcome) {
        ended.put(run.getId(), run);
        pending.put(run.getId(), outcome);
        LOG.warnf("Run %d ended %s but the target could not record it; it is recorded as soon as the target answers",
                run.getId(), outcome.state());
    }

    /** The outcome this process holds for a run the target does not show yet. */
    public Optional<Outcome> of(long runId) {
        return Optional.ofNullable(pending.get(runId));
    }

    private void writeAll() {
        if (pending.isEmpty() || !runs.reachable()) {
            return; // asked again in a second, never waiting for the target here
        }
        pending.forEach((runId, outcome) -> {
            try {
                // what the run switched off on the target comes back first; the run's end is recorded last
                switches.switchOn(ended.get(runId));
                if (outcome.state() == RunState.FAILED) {
                    runs.failRunningTables(runId, outcome.error());
                }
                runs.runEnded(runId, outcome.state(), outcome.error(), outcome.stopReason());
                pending.remove(runId);
                ended.remove(runId);
                LOG.infof("Run %d's end (%s) recorded now that the target answers again", runId, outcome.state());
            } catch (RuntimeException stillAway) {
                LOG.debugf("Run %d's end still not recorded: %s", runId, stillAway.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() {
        retry.shutdownNow();
    }
}
