package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts a run through the control API ({@code POST /api/migrations}, no body: every table, default settings)
 * and polls its view until it ends, timing it from the POST to the first poll that sees it ended: the time a user
 * waits. Polls every 50 ms for the first 5 s, so a run of seconds is timed to within 50 ms, then every 250 ms (a
 * poll costs the service about 2 ms of CPU). Each poll also notes when each table was first seen running and
 * first seen finished, which shows whether tables ran one after another or side by side. A run whose view stops
 * moving for 10 minutes is given up on.
 */
final class RunWatcher {

    /** When a table was first seen running and first seen ended, seconds after the POST (NaN: never seen). */
    record TableSpan(String table, double firstSeenRunningSeconds, double seenEndedSeconds) {

        /** The most spans that held at one moment: whether tables ran one after another (1) or side by side. */
        static int mostAtOnce(List<TableSpan> spans) {
            int most = 0;
            for (TableSpan at : spans) {
                double t = at.firstSeenRunningSeconds();
                int running = (int) spans.stream().filter(s -> s.firstSeenRunningSeconds() <= t
                        && (Double.isNaN(s.seenEndedSeconds()) || s.seenEndedSeconds() >= t)).count();
                most = Math.max(most, running);
            }
            return most;
        }
    }

    /** The run's last view, the time from POST until it was seen ended, and each table's span. */
    record Outcome(long id, JsonNode view, double observedSeconds, Map<String, TableSpan> spans) {

        String state() {
            return view.path("state").asText();
        }
    }

    private static final Set<String> ENDED = Set.of("SUCCEEDED", "INCOMPLETE", "FAILED", "STOPPED");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A run whose view has not moved for this long is not going to end. */
    private static final Duration STALL = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String token;

    RunWatcher(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    Outcome run(Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JsonNode view = call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/migrations"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        long id = view.get("id").asLong();
        Map<String, double[]> spans = new LinkedHashMap<>();
        long deadline = start + timeout.toNanos();
        String progress = progress(view);
        long progressedAt = System.nanoTime();
        while (!ENDED.contains(view.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + id + " did not end within " + timeout + "; last view: " + view);
            }
            if (!progress(view).equals(progress)) {
                progress = progress(view);
                progressedAt = System.nanoTime();
            } else if (System.nanoTime() - progressedAt > STALL.toNanos()) {
                throw new IllegalStateException("run " + id + " made no progress for " + STALL.toMinutes()
                        + " minutes (a service out of memory keeps answering but does nothing); last view: " + view);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(elapsed < 5 ? 50 : 250);
            view = call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/migrations/" + id)).GET(), 200);
            note(view, (System.nanoTime() - start) / 1e9, spans);
        }
        double observed = (System.nanoTime() - start) / 1e9;
        Map<String, TableSpan> result = new LinkedHashMap<>();
        spans.forEach((table, s) -> result.put(table, new TableSpan(table, s[0], s[1])));
        return new Outcome(id, view, observed, result);
    }

    /** What moves while a run works: its state and every table's counters. */
    private static String progress(JsonNode view) {
        StringBuilder text = new StringBuilder(view.path("state").asText());
        for (JsonNode t : view.path("tables")) {
            text.append('|').append(t.path("state").asText()).append(t.path("read").asLong()).append('/')
                    .append(t.path("written").asLong()).append('/').append(t.path("compared").asLong());
        }
        return text.toString();
    }

    private static void note(JsonNode view, double elapsed, Map<String, double[]> spans) {
        for (JsonNode t : view.path("tables")) {
            double[] span = spans.computeIfAbsent(t.path("table").asText(), k -> new double[] { Double.NaN, Double.NaN });
            String state = t.path("state").asText();
            boolean started = !state.equals("PENDING") || t.path("read").asLong() > 0;
            if (started && Double.isNaN(span[0])) {
                span[0] = elapsed;
            }
            if (ENDED.contains(state) && Double.isNaN(span[1])) {
                span[1] = elapsed;
            }
        }
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
