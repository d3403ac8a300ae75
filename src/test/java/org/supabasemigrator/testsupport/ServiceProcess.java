package org.supabasemigrator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own process, as in a
 * pod: started with environment variables, killed with SIGKILL or stopped with SIGTERM like Kubernetes does.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    private final Path log;
    /** Where this process's output begins in the log (a log may hold earlier processes' output before it). */
    private final long logStart;

    private ServiceProcess(Process process, int port, Path log, long logStart) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.logStart = logStart;
    }

    /** JVM options the pod gives the service (k8s/deployment.yaml, JAVA_OPTS_APPEND) that shape its speed. */
    public static final List<String> DEPLOYED_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:CompileThresholdScaling=4");

    /**
     * Starts the service, with the JVM options it has when deployed, and waits until it is ready.
     *
     * @param env     settings as environment variables (SUPABASE_URL, ...)
     * @param jvmArgs extra JVM options, e.g. {@code -Xmx256m}
     * @param log     file receiving the service's output
     */
    public static ServiceProcess start(Map<String, String> env, List<String> jvmArgs, Path log) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: package the service first (mvn package)");
        }
        // the free port found may be taken by another process before the service binds it (other tests start
        // services too): then the service exits saying so, and starts again on another port
        for (int attempt = 1;; attempt++) {
            try {
                return start(env, jvmArgs, log, freePort());
            } catch (PortTaken taken) {
                if (attempt == 3) {
                    throw new IllegalStateException(taken.getMessage(), taken);
                }
            }
        }
    }

    private static ServiceProcess start(Map<String, String> env, List<String> jvmArgs, Path log, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEPLOYED_JVM_OPTIONS);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(JAR.toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> environment = builder.environment();
            environment.putAll(env);
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            ServiceProcess service = new ServiceProcess(builder.start(), port, log, logStart);
            service.awaitReady(Duration.ofSeconds(60));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** This process's output only. */
    private String ownOutput() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, as with an OOM kill or a lost node. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as Kubernetes sends before a pod goes away; returns the exit code. */
    public int terminate(Duration grace) {
        process.destroy();
        return waitForExit(grace);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ready: this process says it listens on its port (not another one that took the port) and is ready. */
    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String onPort = ":" + port; // "Listening on: http://0.0.0.0:<port>", in plain or JSON log lines
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String own = ownOutput();
                if (own.contains("Port " + port + " seems to be in use") || own.contains("Address already in use")) {
                    throw new PortTaken("port " + port + " was taken before the service bound it:\n" + own);
                }
                throw new IllegalStateException("service exited with " + process.exitValue() + " while starting:\n" + output());
            }
            String own = ownOutput();
            if (!own.contains("Listening on") || !own.contains(onPort)) {
                sleep(200);
                continue;
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("service not ready within " + timeout + ":\n" + output());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(30));
        }
    }

    /** The settings a service needs to migrate from {@code source} (served at {@code sourceUrl}) into {@code target}. */
    public static Map<String, String> environment(String sourceUrl, String serviceRoleKey, TestDatabase target,
            String controlToken) {
        Map<String, String> env = new HashMap<>();
        env.put("SUPABASE_URL", sourceUrl);
        env.put("SUPABASE_SERVICE_ROLE_KEY", serviceRoleKey);
        env.put("TARGET_JDBC_URL", target.jdbcUrl());
        env.put("TARGET_DB_USER", TestDatabase.USER);
        env.put("TARGET_DB_PASSWORD", TestDatabase.PASSWORD);
        env.put("MIGRATOR_CONTROL_TOKEN", controlToken);
        return env;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
