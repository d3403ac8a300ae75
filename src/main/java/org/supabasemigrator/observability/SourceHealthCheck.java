package org.supabasemigrator.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.supabasemigrator.config.SourceSettings;

/**
 * Shows whether the Supabase source answers, in the readiness details and in {@code migrator_source_up},
 * but always reports UP: a source outage is not the pod's fault, and restarting the pod would not help.
 * The probe is a HEAD of the API description with a short timeout, at most every 30 seconds.
 */
@Readiness
@ApplicationScoped
public class SourceHealthCheck implements HealthCheck {

    private static final Duration EVERY = Duration.ofSeconds(30);

    private final SourceSettings source;
    private final MigrationMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile String state = "unknown";

    public SourceHealthCheck(SourceSettings source, MigrationMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        if (Instant.now().isAfter(checkedAt.plus(EVERY))) {
            state = probe();
            checkedAt = Instant.now();
            metrics.sourceReachable(state.startsWith("reachable"));
        }
        return HealthCheckResponse.named("supabase-source").up().withData("source", source.restUrl())
                .withData("state", state).withData("checkedAt", checkedAt.toString()).build();
    }

    private String probe() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(source.restUrl() + "/"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(3))
                    .header("apikey", source.serviceRoleKey())
                    .header("Authorization", "Bearer " + source.serviceRoleKey()).build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status < 300 ? "reachable" : status == 401 || status == 403 ? "reachable, key refused (HTTP " + status + ")"
                    : "answering HTTP " + status;
        } catch (java.io.IOException e) {
            return "unreachable: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
