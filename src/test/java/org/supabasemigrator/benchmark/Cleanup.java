package org.supabasemigrator.benchmark;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the benchmark started or created (databases, servers, the service), closed newest first. Closed
 * at the end of main, and by a shutdown hook too, so Ctrl-C or a crash in Maven's JVM drops the databases and
 * stops the service instead of leaving them behind.
 */
final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook = new Thread(this::closeAll, "benchmark-cleanup");

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes one resource now (e.g. a scenario's server) and forgets it. */
    void close(AutoCloseable resource) {
        synchronized (this) {
            if (!resources.remove(resource)) {
                return;
            }
        }
        closeQuietly(resource);
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = resources.poll();
            }
            if (next == null) {
                return;
            }
            closeQuietly(next);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("cleanup: could not close " + resource + ": " + e);
        }
    }
}
