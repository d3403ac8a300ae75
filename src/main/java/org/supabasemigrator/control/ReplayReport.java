package org.supabasemigrator.control;

import java.util.concurrent.atomic.AtomicLong;

/** Outcome of a dead-letter replay: rows now written (and their dead letters removed), rows still refused. */
public final class ReplayReport {

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public long getSucceeded() {
        return succeeded.get();
    }

    public long getFailed() {
        return failed.get();
    }

    void succeeded() {
        succeeded.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }
}
