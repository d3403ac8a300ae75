package org.supabasemigrator.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/**
 * {@code /q/metrics} in the Prometheus text format 0.0.4, with counter metadata named like the counter's
 * samples ({@code # TYPE migrator_rows_written_total counter}). The Prometheus client names counter
 * families without {@code _total}, which Prometheus itself accepts but {@code promtool check metrics}
 * reports as samples without help; operators lint their scrapes, so this endpoint serves what both accept.
 */
@ApplicationScoped
public class PrometheusEndpoint {

    public static final String PATH = "/q/metrics";

    void register(@Observes Router router, PrometheusMeterRegistry registry) {
        router.get(PATH).blockingHandler(context -> context.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(withCounterMetadata(registry.scrape())));
    }

    /** Renames the HELP and TYPE lines of each counter family to the name its samples carry. */
    static String withCounterMetadata(String scrape) {
        String[] lines = scrape.split("\n", -1);
        StringBuilder out = new StringBuilder(scrape.length() + 1024);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String family = metadataName(line);
            if (family != null && isCounter(lines, i, family) && !family.endsWith("_total")) {
                line = line.substring(0, 7) + family + "_total" + line.substring(7 + family.length());
            }
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String metadataName(String line) {
        if (!line.startsWith("# HELP ") && !line.startsWith("# TYPE ")) {
            return null;
        }
        int end = line.indexOf(' ', 7);
        return end < 0 ? line.substring(7) : line.substring(7, end);
    }

    /** The family's TYPE line (this line or one of the next two metadata lines) says counter. */
    private static boolean isCounter(String[] lines, int at, String family) {
        for (int j = at; j < Math.min(lines.length, at + 2); j++) {
            if (lines[j].equals("# TYPE " + family + " counter")) {
                return true;
            }
        }
        return false;
    }
}
