package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's GC log ({@code -Xlog:gc:file=...}, lines like {@code [12.345s][info][gc] GC(7) Pause Young
 * (Allocation Failure) 180M->41M(245M) 6.123ms}): the heap in use before each collection is the true peak of the
 * heap, which a metrics sample every few seconds misses, and the pauses add up to the time the run stood still. Only
 * collections after {@code fromUptimeSeconds} (the measured run's start) count.
 */
final class GcLog {

    /**
     * Peak heap used before a collection and the heap's size then (MB), collections, full collections and the
     * seconds they paused; -1 peaks when the log held no collection in the span.
     */
    record Summary(double peakHeapBeforeGcMb, double heapCapacityMb, int collections, int fullCollections,
            double pauseSeconds) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\[(\\d+[.,]\\d+)s].*GC\\(\\d+\\) (Pause \\S+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) (\\d+[.,]\\d+)ms");

    private GcLog() {
    }

    /** The JVM option that writes the log. */
    static String option(Path file) {
        return "-Xlog:gc:file=" + file.toAbsolutePath() + ":uptime,level,tags";
    }

    static Summary read(Path file, double fromUptimeSeconds) throws IOException {
        if (!Files.exists(file)) {
            return new Summary(-1, -1, 0, 0, 0);
        }
        List<String> lines = Files.readAllLines(file);
        double peak = -1;
        double capacity = -1;
        int collections = 0;
        int full = 0;
        double pauseMs = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find() || number(m.group(1)) < fromUptimeSeconds) {
                continue;
            }
            collections++;
            if (m.group(2).startsWith("Pause Full")) {
                full++;
            }
            double before = mb(m.group(3), m.group(4));
            if (before > peak) {
                peak = before;
                capacity = mb(m.group(7), m.group(8));
            }
            pauseMs += number(m.group(9));
        }
        return new Summary(peak, capacity, collections, full, pauseMs / 1000);
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }
}
