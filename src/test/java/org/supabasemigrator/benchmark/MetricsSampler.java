package org.supabasemigrator.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the service's {@code /q/metrics} every 5 s while a run lasts and keeps the peak of heap used (summed over
 * the heap pools) and heap committed, as a cross-check of the GC log's exact peak ({@link GcLog}), and the last
 * scrape, for the service's timers. Not more often: rendering the metrics costs the service CPU (scraped every
 * second, PrometheusEndpoint took 4 % of the service's CPU samples in the bot run; with 60 tables a scrape is
 * 300 KB), where Prometheus scrapes every 15 s or more.
 */
final class MetricsSampler implements AutoCloseable {

    /** Peaks in bytes over {@code samples} polls; the last metrics text, for timers and GC totals. */
    record Peaks(double heapUsedBytes, double heapCommittedBytes, int samples, String lastText) {
    }

    private static final long PERIOD_MILLIS = 5000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "benchmark-metrics-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final URI metrics;
    private double heapUsed;
    private double heapCommitted;
    private int samples;
    private String lastText = "";

    MetricsSampler(String serviceBaseUrl) {
        this.metrics = URI.create(serviceBaseUrl + "/q/metrics");
    }

    /** One scrape now, e.g. before a run, to subtract from the counters after it; empty text if it failed. */
    String scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    MetricsSampler start() {
        timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops polling, takes one last sample and returns the peaks. */
    Peaks stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (this) {
            return new Peaks(heapUsed, heapCommitted, samples, lastText);
        }
    }

    private void sample() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            PrometheusText text = PrometheusText.parse(response.body());
            synchronized (this) {
                heapUsed = Math.max(heapUsed, text.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area"))));
                heapCommitted = Math.max(heapCommitted,
                        text.sum("jvm_memory_committed_bytes", l -> "heap".equals(l.get("area"))));
                samples++;
                lastText = response.body();
            }
        } catch (Exception missed) {
            // one missed sample (service busy in GC, or gone); the next one counts
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
