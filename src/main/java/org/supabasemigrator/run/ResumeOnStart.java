package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.control.ApiException;
import org.supabasemigrator.control.MigrationControl;

import io.quarkus.runtime.StartupEvent;

/**
 * At start-up, runs recorded as active while no replica holds the run lock were cut off (kill -9, OOM, node
 * loss): they are marked STOPPED. With {@code migrator.resume-on-start}, the newest run that stopped without
 * an operator asking is resumed from its checkpoints.
 */
@ApplicationScoped
public class ResumeOnStart {

    private static final Logger LOG = Logger.getLogger(ResumeOnStart.class);

    private final RunLock lock;
    private final RunStore runs;
    private final MigrationControl control;
    private final boolean resume;

    public ResumeOnStart(RunLock lock, RunStore runs, MigrationControl control, MigratorSettings settings) {
        this.lock = lock;
        this.runs = runs;
        this.control = control;
        this.resume = settings.resumeOnStart();
    }

    void onStart(@Observes StartupEvent event) {
        if (!lock.tryAcquire()) {
            return; // another replica is running a migration: its runs are not stale
        }
        try {
            int interrupted = runs.markInterrupted();
            if (interrupted > 0) {
                LOG.warnf("%d run(s) were cut off by the end of a previous process and are now STOPPED", interrupted);
            }
        } finally {
            lock.release(); // resuming takes it again, as any run does
        }
        if (resume) {
            runs.lastInterrupted().ifPresent(candidate -> {
                LOG.infof("Resuming run %d (migrator.resume-on-start)", candidate.id());
                try {
                    control.resume(Long.toString(candidate.id()));
                } catch (ApiException e) {
                    LOG.warnf("Run %d not resumed: %s", candidate.id(), e.getMessage());
                }
            });
        }
    }
}
