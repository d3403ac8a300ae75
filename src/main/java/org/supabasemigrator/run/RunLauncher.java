package org.supabasemigrator.run;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.supabasemigrator.bookkeeping.RunLock;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.model.RunState;

/**
 * Starts and resumes runs: this process must run nothing else and must win the cross-replica lock; the run is
 * recorded (PENDING) and handed back for the {@code migration-runs} queue, whose single consumer runs it.
 */
@ApplicationScoped
@Named("runLauncher")
public class RunLauncher {

    private final RunStore runs;
    private final RunLock lock;
    private final ActiveRun active;

    public RunLauncher(RunStore runs, RunLock lock, ActiveRun active) {
        this.runs = runs;
        this.lock = lock;
        this.active = active;
    }

    /** A new run of the tables given (empty: every table the source exposes). */
    public synchronized MigrationRun start(List<String> tables, RunOptions options) {
        claim();
        try {
            long id = runs.create(options, tables);
            return launch(new MigrationRun(id, tables, options));
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** Continues a stopped, failed or interrupted run from its checkpoints. */
    public synchronized MigrationRun resume(RunRecord run) {
        if (run.state() == RunState.SUCCEEDED) {
            throw new RunConflictException("run " + run.id() + " already succeeded; start a new run instead");
        }
        claim();
        return launch(new MigrationRun(run.id(), run.tables(), run.options()));
    }

    private void claim() {
        active.current().ifPresent(run -> {
            throw new RunConflictException("run " + run.getId() + " is active; wait for it to end or stop it");
        });
        if (!lock.tryAcquire()) {
            String which = runs.running().map(r -> "run " + r.id()).orElse("a run or dead-letter replay");
            throw new RunConflictException(which + " holds the run lock on this or another replica; wait for it to end or stop it");
        }
    }

    private MigrationRun launch(MigrationRun run) {
        if (!active.claim(run)) {
            lock.release();
            throw new RunConflictException("another run is active");
        }
        runs.runQueued(run.getId());
        return run;
    }
}
