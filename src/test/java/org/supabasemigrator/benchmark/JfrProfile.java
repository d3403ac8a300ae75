package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Flight Recorder recording over exactly one measured run: of the service (started and stopped with jcmd, so
 * the service is profiled as deployed, without agent or restart) or of this JVM, which hosts the source server.
 * The settings are the JDK's "profile" ones with Java samples every 2 ms instead of 10 (a run of seconds still
 * gets a few thousand) and lower thresholds for socket reads (1 ms) and for parked and blocked threads (2 ms), so
 * the summary ({@link JfrSummary}) can tell a run that waits on the source, on the target or on itself from one
 * that computes.
 */
final class JfrProfile {

    private static final String NAME = "benchmark";

    private final Long pid;
    private final Recording recording;
    private final Path file;

    private JfrProfile(Long pid, Recording recording, Path file) {
        this.pid = pid;
        this.recording = recording;
        this.file = file.toAbsolutePath();
    }


    /** Starts recording the process {@code pid} into {@code file}. */
    static JfrProfile startProcess(long pid, Path file, Path settings) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        JfrProfile profile = new JfrProfile(pid, null, file);
        profile.jcmd("JFR.start", "name=" + NAME, "settings=" + settings.toAbsolutePath());
        return profile;
    }

    /** Starts recording this JVM (the source server, the drain's client, the benchmark itself). */
    static JfrProfile startHere(Path file, Path settings) throws IOException {
        Files.deleteIfExists(file);
        try {
            Recording recording = new Recording(Configuration.create(settings));
            recording.setName(NAME);
            recording.start();
            return new JfrProfile(null, recording, file);
        } catch (ParseException e) {
            throw new IOException("cannot read JFR settings " + settings, e);
        }
    }

    /** Stops the recording and writes it to its file; returns the file. */
    Path stop() throws IOException, InterruptedException {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
        } else {
            jcmd("JFR.stop", "name=" + NAME, "filename=" + file);
        }
        return file;
    }

    /**
     * Writes the JDK's profile settings with the benchmark's thresholds into {@code directory} (once) and
     * returns the file.
     */
    static Path settings(Path directory) throws IOException {
        Path file = directory.resolve("benchmark-profile.jfc");
        String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        jfc = setting(jfc, "jdk.ExecutionSample", "period", "2 ms");
        jfc = setting(jfc, "jdk.NativeMethodSample", "period", "10 ms");
        jfc = setting(jfc, "jdk.SocketRead", "threshold", "1 ms");
        jfc = setting(jfc, "jdk.ThreadPark", "threshold", "2 ms");
        jfc = setting(jfc, "jdk.JavaMonitorEnter", "threshold", "2 ms");
        Files.createDirectories(directory);
        Files.writeString(file, jfc);
        return file;
    }

    private static String setting(String jfc, String event, String setting, String value) {
        int at = jfc.indexOf("<event name=\"" + event + "\">");
        int end = jfc.indexOf("</event>", at);
        if (at < 0 || end < 0) {
            throw new IllegalStateException("profile.jfc has no event " + event);
        }
        String block = jfc.substring(at, end).replaceAll("(<setting name=\"" + setting + "\"[^>]*>)[^<]*(</setting>)",
                "$1" + value + "$2");
        return jfc.substring(0, at) + block + jfc.substring(end);
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
