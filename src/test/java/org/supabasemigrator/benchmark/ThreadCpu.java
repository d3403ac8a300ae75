package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds of a process's threads over a span, grouped by thread name without its numbers, from
 * {@code /proc/<pid>/task/<tid>/stat}. Unlike a profile it sees the JVM's own threads too, so it tells how much
 * of the service's CPU went to garbage collection ("GC Thread") and JIT compilation ("C2 CompilerThre") rather
 * than to the migration. Linux keeps 15 characters of a thread's name; threads that ended within the span are
 * counted together as "(ended threads)".
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100;

    private final long pid;
    private final Map<Long, Long> ticksAtStart;

    private ThreadCpu(long pid) {
        this.pid = pid;
        this.ticksAtStart = new HashMap<>();
        threads().forEach((tid, t) -> ticksAtStart.put(tid, t.ticks()));
    }

    private record ThreadTicks(String group, long ticks) {
    }

    static ThreadCpu start(long pid) {
        return new ThreadCpu(pid);
    }

    /** CPU seconds since start by thread group, largest first; empty when /proc is not there. */
    Map<String, Double> stop(double processCpuSeconds) {
        Map<String, Double> seconds = new HashMap<>();
        double counted = 0;
        for (Map.Entry<Long, ThreadTicks> t : threads().entrySet()) {
            long before = ticksAtStart.getOrDefault(t.getKey(), 0L);
            double s = (t.getValue().ticks() - before) / TICKS_PER_SECOND;
            seconds.merge(t.getValue().group(), s, Double::sum);
            counted += s;
        }
        if (processCpuSeconds - counted > 0.05) {
            seconds.put("(ended threads)", processCpuSeconds - counted);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private Map<Long, ThreadTicks> threads() {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is f[0], utime f[11], stime f[12]
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadTicks(name.replaceAll("[-#]?\\d+", "#").trim(), ticks));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return threads;
    }
}
