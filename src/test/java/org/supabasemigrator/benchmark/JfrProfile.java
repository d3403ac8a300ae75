package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Flight Recorder profile of the service during the run only (started and stopped with jcmd around it), and
 * its summary: where CPU samples land (the method on top of the stack, and the first frame of the service's
 * own code beneath it) and which methods allocate most, so the engineers know what to optimise.
 */
final class JfrProfile {

    /** Counts (or allocation weights) per frame, highest first. */
    record Summary(String file, long executionSamples, Map<String, Long> topSelfMethods,
            Map<String, Long> topServiceFrames, Map<String, Long> topSelfPackages, Map<String, Long> topThreads,
            Map<String, Long> topAllocationMb) {
    }

    private static final String NAME = "benchmark";
    private final long pid;
    private final Path file;

    private JfrProfile(long pid, Path file) {
        this.pid = pid;
        this.file = file.toAbsolutePath();
    }

    static JfrProfile start(long pid, Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        JfrProfile profile = new JfrProfile(pid, file);
        profile.jcmd("JFR.start", "name=" + NAME, "settings=profile");
        return profile;
    }

    /** Stops the recording, writing it to the file. */
    void stop() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=" + NAME, "filename=" + file);
    }

    Summary summarize() throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> service = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                String top = method(frames.get(0));
                self.merge(top, 1L, Long::sum);
                packages.merge(pkg(frames.get(0)), 1L, Long::sum);
                frames.stream().filter(f -> method(f).startsWith("org.supabasemigrator.")).findFirst()
                        .ifPresent(f -> service.merge(method(f), 1L, Long::sum));
                threads.merge(threadGroup(event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName()), 1L, Long::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                allocation.merge(method(frames.get(0)) + " <- " + (frames.size() > 1 ? method(frames.get(1)) : ""),
                        event.getLong("weight"), Long::sum);
            }
        }
        Map<String, Long> allocationMb = new LinkedHashMap<>();
        top(allocation, 15).forEach((k, v) -> allocationMb.put(k, v / (1024 * 1024)));
        return new Summary(file.toString(), samples, top(self, 25), top(service, 15), top(packages, 15), top(threads, 10),
                allocationMb);
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The first three package segments: org.apache.camel, com.fasterxml.jackson, ... */
    private static String pkg(RecordedFrame frame) {
        String[] parts = frame.getMethod().getType().getName().split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }

    /** Thread names without their numbers, so a pool counts as one. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+", "").replaceAll("\\s+", " ");
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || output.contains("Could not") || output.contains("Exception")) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }
}
