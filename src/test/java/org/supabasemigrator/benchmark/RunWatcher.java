package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts a run through the control API and polls its view every 250 ms until it ends, timing it from the POST
 * to the first poll that sees it ended, keeping how far one table's reading had got at each poll, and the CPU
 * every party used while that table was read (from the first poll that saw rows read to the first that saw
 * all). A poll costs the service about 2 ms of CPU: polled every 100 ms, the watching took 0.18 of the 3.8
 * core-seconds the service used during the 200,000-row table.
 */
final class RunWatcher {

    /** One poll: time since the POST, and the watched table's state and rows read. */
    record Progress(long elapsedNanos, String state, long read) {
    }

    /**
     * The run's last view, the time from POST until it was seen ended, the watched table's progress and the CPU
     * used while it was read (null if no poll fell inside its reading).
     */
    record Outcome(long id, JsonNode view, double observedSeconds, List<Progress> progress, CpuTimes.Usage readingCpu) {

        String state() {
            return view.path("state").asText();
        }
    }

    private static final long POLL_MILLIS = 250;
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "STOPPED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String token;

    RunWatcher(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Starts a run of all configured tables and waits for its end, watching {@code table} and the service's CPU. */
    Outcome run(String table, Duration timeout, long servicePid) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JsonNode view = call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/migrations"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        long id = view.get("id").asLong();
        List<Progress> progress = new ArrayList<>();
        CpuTimes reading = null;
        CpuTimes.Usage readingCpu = null;
        long deadline = start + timeout.toNanos();
        while (!ENDED.contains(view.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + id + " did not end within " + timeout + "; last view: " + view);
            }
            Thread.sleep(POLL_MILLIS);
            view = call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/migrations/" + id)).GET(), 200);
            long elapsed = System.nanoTime() - start;
            for (JsonNode t : view.path("tables")) {
                if (t.path("table").asText().equals(table)) {
                    long read = t.path("read").asLong();
                    progress.add(new Progress(elapsed, t.path("state").asText(), read));
                    if (reading == null && read > 0) {
                        reading = CpuTimes.start(servicePid);
                    } else if (reading != null && readingCpu == null && read >= t.path("sourceRows").asLong()) {
                        readingCpu = reading.stop();
                    }
                }
            }
        }
        return new Outcome(id, view, (System.nanoTime() - start) / 1e9, progress, readingCpu);
    }

    private JsonNode call(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("control API answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
