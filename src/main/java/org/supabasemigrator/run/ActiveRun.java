package org.supabasemigrator.run;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The one run this process may execute at a time. */
@ApplicationScoped
@Named("activeRun")
public class ActiveRun {

    private final AtomicReference<MigrationRun> current = new AtomicReference<>();

    /** Claims the slot; false when another run holds it. */
    public boolean claim(MigrationRun run) {
        return current.compareAndSet(null, run);
    }

    public void release(MigrationRun run) {
        current.compareAndSet(run, null);
    }

    public Optional<MigrationRun> current() {
        return Optional.ofNullable(current.get());
    }

    public Optional<MigrationRun> find(long id) {
        return current().filter(run -> run.getId() == id);
    }
}
