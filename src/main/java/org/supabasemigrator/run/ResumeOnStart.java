package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.config.MigratorSettings;

import io.quarkus.runtime.StartupEvent;

/**
 * At start-up, runs recorded as active while no replica holds the run lock were cut off (kill -9, OOM, node
 * loss, a target that went away as they ended): they are marked STOPPED, and triggers and foreign keys a crashed
 * run switched off come back. With {@code migrator.resume-on-start}, the newest run that stopped without an
 * operator asking is resumed from its checkpoints.
 */
@ApplicationScoped
public class ResumeOnStart {

    private static final Logger LOG = Logger.getLogger(ResumeOnStart.class);

    private final RunLock lock;
    private final RunStore runs;
    private final RunLauncher launcher;
    private final LoadSwitches switches;
    private final ProducerTemplate producer;
    private final boolean resume;

    public ResumeOnStart(RunLock lock, RunStore runs, RunLauncher launcher, LoadSwitches switches,
            ProducerTemplate producer, MigratorSettings settings) {
        this.lock = lock;
        this.runs = runs;
        this.launcher = launcher;
        this.switches = switches;
        this.producer = producer;
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
            switches.switchOnAfterCrash();
        } finally {
            lock.release(); // resuming takes it again, as any run does
        }
        if (resume) {
            runs.lastInterrupted().ifPresent(candidate -> {
                LOG.infof("Resuming run %d (migrator.resume-on-start)", candidate.id());
                try {
                    producer.sendBody("seda:migration-runs", launcher.resume(candidate));
                } catch (RuntimeException e) {
                    LOG.warnf("Run %d not resumed: %s", candidate.id(), e.getMessage());
                }
            });
        }
    }
}
