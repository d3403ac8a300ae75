package org.supabasemigrator.observability;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.supabasemigrator.config.SourceSettings;
import org.supabasemigrator.source.SourceException;
import org.supabasemigrator.source.SourceRequest;

/**
 * Shows whether the Supabase source answers, in the readiness details and in {@code migrator_source_up}, but
 * always reports UP: a source outage is not the pod's fault, and restarting the pod would not help. The probe
 * asks for the API description through route {@code source-request}, like every other source call, at most
 * every 30 seconds.
 */
@Readiness
@ApplicationScoped
public class SourceHealthCheck implements HealthCheck {

    private static final Duration EVERY = Duration.ofSeconds(30);

    private final SourceSettings source;
    private final MigrationMetrics metrics;
    private final ProducerTemplate producer;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile String state = "unknown";

    public SourceHealthCheck(SourceSettings source, MigrationMetrics metrics, ProducerTemplate producer) {
        this.source = source;
        this.metrics = metrics;
        this.producer = producer;
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
            producer.requestBody("direct:source-request", SourceRequest.description());
            return "reachable";
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof SourceException failure) {
                String reason = failure.getReason();
                return reason.equals("http_401") || reason.equals("http_403") ? "reachable, key refused (" + reason + ")"
                        : reason.equals("unreachable") || reason.equals("timeout") ? "unreachable: " + reason
                        : "answering " + reason;
            }
            return "unknown";
        }
    }
}
