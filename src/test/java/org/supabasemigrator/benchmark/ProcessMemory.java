package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A live process's resident memory from {@code /proc/<pid>/status}: VmHWM is the peak resident set since the
 * process started (heap, metaspace, code cache, thread stacks, direct buffers), read while it is still alive.
 */
final class ProcessMemory {

    /** Peak and current resident set, in MB; -1 when /proc is not there (not Linux). */
    record Resident(double peakMb, double currentMb) {
    }

    private ProcessMemory() {
    }

    static Resident of(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return new Resident(kilobytes(status, "VmHWM:") / 1024.0, kilobytes(status, "VmRSS:") / 1024.0);
        } catch (IOException | RuntimeException e) {
            return new Resident(-1, -1);
        }
    }

    private static long kilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " missing");
    }
}
