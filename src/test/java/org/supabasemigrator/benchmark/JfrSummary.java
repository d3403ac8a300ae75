package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a recording over one whole run says about what limited it. CPU: where execution samples land (the method
 * on top of the stack, the first frame of the recorded program's own code beneath it, its class, the package on
 * top) and on which threads; threads in native code (socket I/O, gzip) by their native method. Waiting: the seconds threads spent in socket reads (by peer: the source server or the
 * target database), parked (by the own frame that parked them: queues, permits, futures) and blocked on monitors.
 * Memory: GC pauses, the heap's peak before a collection, what allocates most. CPU load of the JVM and of the
 * machine. Enough to say which stage bounds the run without opening the recording in a GUI.
 */
final class JfrSummary {

    /** Time on one thread group (thread names without their numbers): CPU samples and seconds spent waiting. */
    record ThreadTime(String threads, long cpuSamples, double socketReadSeconds, double parkSeconds,
            double monitorSeconds) {
    }

    /** Waits of one kind at one place: how many, how long in all, how many MB they moved (reads). */
    record Wait(String what, long count, double seconds, double mb) {
    }

    /**
     * @param ownCode        package prefix of the recorded program's own code, e.g. {@code org.supabasemigrator.}
     * @param seconds        span of the recording
     * @param jvmCpuShare    mean share of the machine's CPU the JVM used (user + system), 0..1; NaN when no
     *                       once-a-second CPU load event fell within the span
     * @param peakHeapUsedMb the most heap in use at a collection within the span; 0 when none ran
     * @param machineCpuShare mean share of the machine's CPU in use, 0..1
     */
    record Summary(String file, String ownCode, double seconds, long executionSamples, List<ThreadTime> threads,
            Map<String, Long> hotMethods, Map<String, Long> hotOwnFrames, Map<String, Long> hotOwnClasses,
            Map<String, Long> hotPackages, long nativeSamples, Map<String, Long> hotNativeMethods, List<Wait> socketReadsByPeer, List<Wait> socketReadsBySite,
            List<Wait> parksBySite, List<Wait> monitorsBySite, int gcCount, double gcPauseSeconds,
            double peakHeapUsedMb, double jvmCpuShare, double machineCpuShare, Map<String, Long> allocationMb) {
    }

    private static final Set<String> WAIT_CLASSES = Set.of("jdk.internal.misc.Unsafe", "java.util.concurrent.locks.LockSupport",
            "java.lang.Object", "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
            "java.util.concurrent.locks.ReentrantLock$Sync", "java.util.concurrent.locks.ReentrantLock");

    private final String ownCode;
    private final IntFunction<String> peerName;

    /**
     * @param ownCode  package prefix of the program's own code
     * @param peerName names a socket's remote port ("target database", "source server"), null for "other peers"
     */
    JfrSummary(String ownCode, IntFunction<String> peerName) {
        this.ownCode = ownCode;
        this.peerName = peerName;
    }

    /**
     * Reads a recording, counting only what happened between {@code from} and {@code to}: a wait that began
     * before (a thread idle since the warm-up) counts from {@code from} on.
     */
    Summary read(Path file, Instant from, Instant to) throws IOException {
        if (from == null || to == null) {
            return read(file, Instant.MIN, Instant.MAX);
        }
        Tally tally = new Tally(from, to);
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                tally.add(recording.readEvent());
            }
        }
        return tally.summary(file);
    }

    /** The counts a recording adds up to, event by event (a long run's recording need not fit in memory). */
    private final class Tally {

        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> own = new HashMap<>();
        final Map<String, Long> ownClasses = new HashMap<>();
        final Map<String, Long> packages = new HashMap<>();
        final Map<String, Long> natives = new HashMap<>();
        long nativeSamples;
        final Map<String, long[]> cpuByThread = new HashMap<>();
        final Map<String, double[]> waitsByThread = new HashMap<>();
        final Map<String, double[]> readsByPeer = new HashMap<>();
        final Map<String, double[]> readsBySite = new HashMap<>();
        final Map<String, double[]> parksBySite = new HashMap<>();
        final Map<String, double[]> monitorsBySite = new HashMap<>();
        final Map<String, Long> allocation = new HashMap<>();
        long samples;
        int gcCount;
        double gcPause;
        double peakHeap;
        double jvmCpu;
        double machineCpu;
        int cpuEvents;
        final Instant from;
        final Instant to;

        Tally(Instant from, Instant to) {
            this.from = from;
            this.to = to;
        }

        Instant firstEnd;
        Instant lastEnd;

        void add(RecordedEvent event) {
            if (event.getEndTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                return;
            }
            firstEnd = firstEnd == null || event.getEndTime().isBefore(firstEnd) ? event.getEndTime() : firstEnd;
            lastEnd = lastEnd == null || event.getEndTime().isAfter(lastEnd) ? event.getEndTime() : lastEnd;
            List<RecordedFrame> frames = frames(event);
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    if (frames.isEmpty()) {
                        return;
                    }
                    samples++;
                    self.merge(method(frames.get(0)), 1L, Long::sum);
                    packages.merge(pkg(frames.get(0)), 1L, Long::sum);
                    own.merge(ownFrame(frames), 1L, Long::sum);
                    ownClasses.merge(ownClass(frames), 1L, Long::sum);
                    cpuByThread.computeIfAbsent(threadGroup(event.getThread("sampledThread")), k -> new long[1])[0]++;
                }
                case "jdk.NativeMethodSample" -> {
                    if (!frames.isEmpty()) {
                        nativeSamples++;
                        natives.merge(method(frames.get(0)) + " <- " + ownFrame(frames), 1L, Long::sum);
                    }
                }
                case "jdk.SocketRead" -> {
                    double seconds = clipped(event);
                    double mb = Math.max(0, event.getLong("bytesRead")) / 1e6;
                    String peer = peerName.apply(event.getInt("port"));
                    addWait(readsByPeer, peer == null ? "other peers" : peer, seconds, mb);
                    addWait(readsBySite, (peer == null ? "other" : peer) + " <- " + waitSite(frames), seconds, mb);
                    threadWaits(event)[0] += seconds;
                }
                case "jdk.ThreadPark" -> {
                    double seconds = clipped(event);
                    addWait(parksBySite, waitSite(frames), seconds, 0);
                    threadWaits(event)[1] += seconds;
                }
                case "jdk.JavaMonitorEnter" -> {
                    double seconds = clipped(event);
                    addWait(monitorsBySite, waitSite(frames), seconds, 0);
                    threadWaits(event)[2] += seconds;
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPause += event.getDuration("sumOfPauses").toNanos() / 1e9;
                }
                case "jdk.GCHeapSummary" -> peakHeap = Math.max(peakHeap, event.getLong("heapUsed") / (1024.0 * 1024));
                case "jdk.CPULoad" -> {
                    cpuEvents++;
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (!frames.isEmpty()) {
                        allocation.merge(method(frames.get(0)) + " <- " + ownFrame(frames), event.getLong("weight"),
                                Long::sum);
                    }
                }
                default -> {
                }
            }
        }

        /** The event's seconds within the window. */
        private double clipped(RecordedEvent event) {
            Instant start = event.getStartTime().isBefore(from) ? from : event.getStartTime();
            Instant end = event.getEndTime().isAfter(to) ? to : event.getEndTime();
            return Math.max(0, Duration.between(start, end).toNanos()) / 1e9;
        }

        private double[] threadWaits(RecordedEvent event) {
            return waitsByThread.computeIfAbsent(threadGroup(event.getThread()), k -> new double[3]);
        }

        Summary summary(Path file) {
            List<ThreadTime> threads = new ArrayList<>();
            Set<String> names = new TreeSet<>(cpuByThread.keySet());
            names.addAll(waitsByThread.keySet());
            for (String name : names) {
                double[] w = waitsByThread.getOrDefault(name, new double[3]);
                threads.add(new ThreadTime(name, cpuByThread.getOrDefault(name, new long[1])[0], w[0], w[1], w[2]));
            }
            threads.sort(Comparator.comparingLong(ThreadTime::cpuSamples).reversed()
                    .thenComparing(Comparator.comparingDouble(ThreadTime::socketReadSeconds).reversed()));
            Map<String, Long> allocationMb = new LinkedHashMap<>();
            top(allocation, 12).forEach((k, v) -> allocationMb.put(k, v / (1024 * 1024)));
            Instant spanFrom = from.equals(Instant.MIN) && firstEnd != null ? firstEnd : from;
            Instant spanTo = to.equals(Instant.MAX) && lastEnd != null ? lastEnd : to;
            double span = spanFrom.equals(Instant.MIN) ? 0 : (spanTo.toEpochMilli() - spanFrom.toEpochMilli()) / 1000.0;
            return new Summary(file.toString(), ownCode, span, samples, threads.stream().limit(16).toList(),
                    top(self, 25), top(own, 20), top(ownClasses, 15), top(packages, 12), nativeSamples, top(natives, 12),
                    waits(readsByPeer, 6),
                    waits(readsBySite, 12), waits(parksBySite, 12), waits(monitorsBySite, 8), gcCount, gcPause,
                    peakHeap, cpuEvents == 0 ? Double.NaN : jvmCpu / cpuEvents, cpuEvents == 0 ? Double.NaN : machineCpu / cpuEvents,
                    allocationMb);
        }
    }

    private static List<RecordedFrame> frames(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        return stack == null ? List.of() : stack.getFrames();
    }

    /** The first frame of the program's own code, else "~" and the first frame outside the JDK. */
    private String ownFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (className(f).startsWith(ownCode)) {
                return method(f);
            }
        }
        for (RecordedFrame f : frames) {
            if (!jdk(className(f))) {
                return "~" + method(f);
            }
        }
        return frames.isEmpty() ? "?" : "(jdk) " + method(frames.get(frames.size() > 1 ? 1 : 0));
    }

    private String ownClass(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (className(f).startsWith(ownCode)) {
                return className(f).substring(ownCode.length());
            }
        }
        return "(outside " + ownCode + "*) " + pkg(frames.get(0));
    }

    /** Where a thread waited: its own frame, else the first frame that is not the waiting itself. */
    private String waitSite(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (className(f).startsWith(ownCode)) {
                return method(f);
            }
        }
        for (RecordedFrame f : frames) {
            String c = className(f);
            if (!WAIT_CLASSES.contains(c) && !c.startsWith("sun.nio.ch.") && !c.startsWith("java.net.")
                    && !c.startsWith("java.io.") && !c.startsWith("sun.security.")) {
                return (jdk(c) ? "(jdk) " : "~") + method(f);
            }
        }
        return frames.isEmpty() ? "?" : method(frames.get(0));
    }

    private static void addWait(Map<String, double[]> waits, String key, double seconds, double mb) {
        double[] w = waits.computeIfAbsent(key, k -> new double[3]);
        w[0]++;
        w[1] += seconds;
        w[2] += mb;
    }

    private static List<Wait> waits(Map<String, double[]> waits, int n) {
        return waits.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[1])
                .reversed()).limit(n).map(e -> new Wait(e.getKey(), (long) e.getValue()[0], e.getValue()[1],
                        e.getValue()[2])).toList();
    }

    private static boolean jdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.");
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static String method(RecordedFrame frame) {
        return className(frame) + "." + frame.getMethod().getName();
    }

    /** The first three package segments: org.apache.camel, com.fasterxml.jackson, ... */
    private static String pkg(RecordedFrame frame) {
        String[] parts = className(frame).split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.max(1, Math.min(3, parts.length - 1))));
    }

    /** Thread names without their numbers, so a pool counts as one. */
    private static String threadGroup(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName();
        return name == null ? "?" : name.replaceAll("[-#]?\\d+", "").replaceAll("\\s+", " ").trim();
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
