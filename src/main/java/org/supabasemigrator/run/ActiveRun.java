package org.supabasemigrator.run;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.supabasemigrator.model.MigrationRun;

/** The one run this process may execute at a time. */
@ApplicationScoped
public class ActiveRun {

    private final AtomicReference<MigrationRun> current = new AtomicReference<>();

    /** Claims the slot; false when another run holds it. */
    public boolean claim(MigrationRun run) {
        return current.compareAndSet(null, run);
    }

    public void release(MigrationRun run) {
        synchronized (current) {
            current.compareAndSet(run, null);
            current.notifyAll();
        }
    }

    /** Waits until no run is active; false when the time ran out first. */
    public boolean awaitIdle(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (current) {
            while (current.get() != null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    current.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    public Optional<MigrationRun> current() {
        return Optional.ofNullable(current.get());
    }

    public Optional<MigrationRun> find(long id) {
        return current().filter(run -> run.getId() == id);
    }
}
