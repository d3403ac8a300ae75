package org.supabasemigrator.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.supabasemigrator.testsupport.TestDatabase;
import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real migration on this machine, end to end: the salon bot's sample dataset (1 company, 1,304 clients, ...)
 * in database {@code supabase_sample_source}, served over HTTP by the PostgREST-compatible source with
 * Supabase's 1000-row cap, migrated by the packaged service through its control API into
 * {@code supabase_sample_target}, then compared row by row. Run with {@code mvn -Psample-migration verify}.
 */
public final class SampleMigration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KEYS = Map.of("companies", "id", "clients", "id", "services", "id",
            "staff", "id", "staff_schedules", "id", "bookings", "id", "dialog_contexts", "id",
            "whatsapp_auth", "company_id", "whatsapp_keys", "company_id, key_type, key_id");

    public static void main(String[] args) throws Exception {
        String key = "sample-" + UUID.randomUUID();
        String token = "sample-" + UUID.randomUUID();
        TestDatabase source = TestDatabase.recreate("supabase_sample_source").run("botdb/schema.sql")
                .run("botdb/sample-dataset.sql");
        TestDatabase target = TestDatabase.recreate("supabase_sample_target").run("botdb/schema.sql");
        Path log = Path.of("target", "sample-migration", "service.log");
        java.nio.file.Files.deleteIfExists(log);

        try (PostgrestServer server = PostgrestServer.start(PostgrestServer.Config.builder(source.jdbcUrl())
                .user(TestDatabase.USER).password(TestDatabase.PASSWORD).apikey(key).maxRows(1000).build());
                ServiceProcess service = ServiceProcess.start(
                        ServiceProcess.environment(server.baseUrl(), key, target, token), List.of(), log)) {
            System.out.printf("Source: %s (database %s), target: database %s, service log: %s%n", server.baseUrl(),
                    source.name(), target.name(), log);

            HttpClient http = HttpClient.newHttpClient();
            JsonNode run = call(http, HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/migrations"))
                    .POST(HttpRequest.BodyPublishers.noBody()), token);
            long id = run.get("id").asLong();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (Set.of("PENDING", "RUNNING").contains(run.get("state").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                run = call(http, HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/migrations/" + id)).GET(), token);
            }

            String output = service.output();
            int summary = output.lastIndexOf("table name");
            System.out.println();
            System.out.println(summary >= 0 ? output.substring(summary, output.indexOf("Total", summary)) : output);
            boolean allEqual = true;
            for (JsonNode table : run.get("tables")) {
                String name = table.get("table").asText();
                List<String> differences = ContentComparison.differences(source, target, name, KEYS.get(name), Set.of());
                allEqual &= differences.isEmpty();
                System.out.printf("%-24s verified: %-5s content equal to source: %s%n", name, table.get("verified").asText(),
                        differences.isEmpty() ? "yes" : "NO (" + differences.size() + " differences, first: "
                                + differences.get(0) + ")");
            }
            System.out.printf("%nRun %d %s%s%n", id, run.get("state").asText(),
                    run.get("error").isNull() ? "" : ": " + run.get("error").asText());
            boolean ok = run.get("state").asText().equals("SUCCEEDED") && allEqual;
            System.out.println(ok ? "Sample migration verified: the target equals the source, row by row."
                    : "Sample migration NOT verified; see " + log);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    private static JsonNode call(HttpClient http, HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("control API answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
