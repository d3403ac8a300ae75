package org.supabasemigrator.sink;

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

    /** Another pass over the letters begins: what it finds still refused is what counts. */
    void newPass() {
        failed.set(0);
    }

    /** Rows that landed but broke a foreign key the write sessions did not check: back in the dead letters. */
    void movedBack(long rows) {
        succeeded.addAndGet(-rows);
        failed.addAndGet(rows);
    }
}
