package org.supabasemigrator.run;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.supabasemigrator.config.MigratorSettings;

import io.quarkus.runtime.ShutdownEvent;

/**
 * On SIGTERM (Kubernetes shutting the pod down) the active run stops reading, writes and checkpoints the
 * batches of the page in flight, and records STOPPED before the routes go down, so nothing aggregated is
 * dropped and a restarted pod can resume exactly where this one ended.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final ActiveRun active;
    private final Duration wait;

    public GracefulShutdown(ActiveRun active, MigratorSettings settings) {
        this.active = active;
        this.wait = settings.shutdownWait();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        active.current().ifPresent(run -> {
            LOG.infof("Shutting down: stopping run %d after the page in flight", run.getId());
            run.requestStop("shutdown");
            if (active.awaitIdle(wait)) {
                LOG.infof("Run %d stopped cleanly; resume it with POST /api/migrations/%d/resume", run.getId(), run.getId());
            } else {
                LOG.warnf("Run %d did not stop within %s; its last committed checkpoints remain valid", run.getId(), wait);
            }
        });
    }
}
