package org.supabasemigrator.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches one run through the control API, several times a second, on a thread of its own, while a test
 * restarts, crashes or keeps down the target and kills the service: records every answer, and which of them
 * showed the run {@code RUNNING} while the test knew that no process worked on it (the test says so with
 * {@link #noWorker()} and {@link #workerExpected()}). A service that cannot answer (dead, or its target away)
 * is recorded as such and is no violation; only a false {@code RUNNING} is.
 */
public final class RunStateWatcher implements AutoCloseable {

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");

    /** One answer: HTTP status (0 for none), the run's state (null when the body had none) and the test's view. */
    public record Sample(Instant at, String service, int status, String state, boolean workerExpected, String body) {
        @Override
        public String toString() {
            return at + " " + service + " HTTP " + status + " " + state + (workerExpected ? "" : " (no worker)")
                    + (status == 200 ? "" : " " + (body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    private final long runId;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile ServiceProcess service;
    private volatile String serviceName = "-";
    private volatile boolean workerExpected = true;
    private volatile boolean closed;

    public RunStateWatcher(long runId, String token, ServiceProcess service, String serviceName) {
        this.runId = runId;
        this.token = token;
        watch(service, serviceName);
        this.thread = new Thread(this::poll, "run-state-watcher-" + runId);
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on the service given answers (after a restart of the service). */
    public void watch(ServiceProcess service, String name) {
        this.service = service;
        this.serviceName = name;
    }

    /** No process works on the run from now on (it ended, its process died, it gave up): RUNNING would be a lie. */
    public void noWorker() {
        workerExpected = false;
    }

    /** A process may work on the run from now on (it is started or resumed). */
    public void workerExpected() {
        workerExpected = true;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Answers that showed RUNNING while no process worked on the run. */
    public List<Sample> falseRunning() {
        return samples.stream().filter(s -> !s.workerExpected() && "RUNNING".equals(s.state())).toList();
    }

    /** The states answered, in order, consecutive repeats collapsed; {@code HTTP n} for answers without a state. */
    public List<String> history() {
        List<String> history = new ArrayList<>();
        for (Sample s : samples) {
            String entry = s.state() != null ? s.state() : "HTTP " + s.status();
            if (history.isEmpty() || !history.get(history.size() - 1).equals(entry)) {
                history.add(entry);
            }
        }
        return history;
    }

    private void poll() {
        while (!closed) {
            ServiceProcess current = service;
            if (current != null && current.isAlive()) {
                boolean expected = workerExpected; // as known when the request leaves
                String name = serviceName;
                int status = 0;
                String body = "";
                try {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create(current.baseUrl() + "/api/migrations/" + runId))
                                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(4)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    body = response.body();
                } catch (IOException e) {
                    body = e.toString();
                } catch (InterruptedException e) {
                    return;
                }
                String state = null;
                if (status == 200) {
                    Matcher m = STATE.matcher(body); // the run's own state comes first, before its tables'
                    state = m.find() ? m.group(1) : null;
                }
                samples.add(new Sample(Instant.now(), name, status, state, expected, status == 200 ? "" : body));
            }
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
