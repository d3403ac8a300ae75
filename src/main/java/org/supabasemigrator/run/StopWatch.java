package org.supabasemigrator.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.model.MigrationRun;

/**
 * Watches an active run, on a thread of its own, for what other processes decide: a stop request made on another
 * replica, and the run lock, which dies with its connection when the target restarts and is taken again then
 * (if another replica took it meanwhile, the run stops). The pipeline only reads the run's flag, so a target that
 * is away never holds up a route step in these checks.
 */
@ApplicationScoped
public class StopWatch {

    private static final Logger LOG = Logger.getLogger(StopWatch.class);
    private static final long EVERY_SECONDS = 2;

    private final RunLock lock;
    private final RunStore runs;
    private final Map<Long, ScheduledFuture<?>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "run-stop-watch");
        thread.setDaemon(true);
        return thread;
    });

    public StopWatch(RunLock lock, RunStore runs) {
        this.lock = lock;
        this.runs = runs;
    }

    void watch(MigrationRun run) {
        watched.put(run.getId(), timer.scheduleWithFixedDelay(() -> check(run), EVERY_SECONDS, EVERY_SECONDS,
                TimeUnit.SECONDS));
    }

    void unwatch(MigrationRun run) {
        ScheduledFuture<?> watch = watched.remove(run.getId());
        if (watch != null) {
            watch.cancel(false);
        }
    }

    private void check(MigrationRun run) {
        try {
            if (!lock.stillHeld()) {
                run.requestStop("lock-lost");
            } else if (runs.isStopRequested(run.getId())) {
                run.requestStop("operator");
            }
        } catch (RuntimeException targetAway) {
            LOG.debugf("Run %d: stop requests not read this time: %s", run.getId(), targetAway.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
