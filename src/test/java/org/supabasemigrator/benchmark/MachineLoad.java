package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How busy the whole machine is, from {@code /proc/stat}. Other people's builds on the same 2 cores distort every
 * figure, so each measurement waits (a while) for a quiet machine and records how much CPU others used meanwhile.
 */
final class MachineLoad {

    /** Linux counts /proc/stat in USER_HZ ticks, 100 a second on every common platform. */
    private static final double TICKS_PER_SECOND = 100;
    /** Busy share of all cores below which the machine counts as quiet. */
    private static final double QUIET = 0.25;

    private MachineLoad() {
    }

    /**
     * CPU seconds the whole machine has been busy since boot (user, nice, system, irq, softirq; not idle, iowait
     * or steal, which is the hypervisor's); 0 when /proc/stat is not there.
     */
    static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Waits until the machine's busy share over a 2 s window is below 25%, at most {@code patience}.
     *
     * @return the seconds waited; a warning is printed when the machine never got quiet
     */
    static double awaitQuiet(String what, Duration patience) throws InterruptedException {
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        while (true) {
            double before = busySeconds();
            Thread.sleep(2000);
            double share = (busySeconds() - before) / (2.0 * cores);
            double waited = (System.nanoTime() - start) / 1e9;
            if (share < QUIET) {
                return waited;
            }
            if (waited > patience.toSeconds()) {
                System.out.printf("[benchmark] WARNING: machine still %.0f%% busy after %.0f s; measuring %s anyway%n",
                        share * 100, waited, what);
                return waited;
            }
        }
    }
}
