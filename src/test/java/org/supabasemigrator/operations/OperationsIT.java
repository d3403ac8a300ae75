package org.supabasemigrator.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What an operator sees at 3 a.m.: after a migration, the metrics per table equal the rows moved and pass
 * {@code promtool check metrics}; readiness follows the target database, not the source.
 */
class OperationsIT {

    MigrationFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void afterAMigrationTheMetricsPerTableEqualTheRowsMovedAndPassPromtool(TestInfo test) throws Exception {
        fixture = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), 1000, 0);
        MigrationFixture f = fixture;
        try (ServiceProcess service = f.startService("only", Map.of())) {
            ControlApi api = f.api(service);
            Response run = api.awaitEnd(api.start(null), Duration.ofMinutes(3));
            assertThat(run.jsonPath().getString("state")).isEqualTo("INCOMPLETE"); // the refused client
            String metrics = RestAssured.get(service.baseUrl() + "/q/metrics").asString();

            for (String table : MigrationFixture.TABLES.keySet()) {
                JsonPath view = run.jsonPath();
                long written = view.getLong("tables.find { it.table == '" + table + "' }.written");
                long dead = view.getLong("tables.find { it.table == '" + table + "' }.deadLettered");
                long source = view.getLong("tables.find { it.table == '" + table + "' }.sourceRows");
                assertThat(value(metrics, "migrator_rows_read_total", table)).as(table + " read").isEqualTo(written + dead);
                assertThat(value(metrics, "migrator_rows_written_total", table)).as(table + " written").isEqualTo(written);
                assertThat(value(metrics, "migrator_source_rows", table)).as(table + " source rows").isEqualTo(source);
                assertThat(value(metrics, "migrator_progress_ratio", table)).as(table + " progress").isEqualTo(1.0);
                assertThat(value(metrics, "migrator_batch_write_seconds_count", table)).as(table + " batches").isPositive();
                assertThat(metrics).containsPattern("migrator_source_request_seconds_count\\{status=\"200\",table=\""
                        + table + "\",?\\} [1-9]");
            }
            assertThat(value(metrics, "migrator_rows_dead_lettered_total", "clients")).isEqualTo(1.0);
            assertThat(metrics).containsPattern("migrator_run_state\\{state=\"INCOMPLETE\",?\\} 1.0")
                    .containsPattern("migrator_run_state\\{state=\"RUNNING\",?\\} 0.0")
                    .contains("camel_exchanges_total{camel_context=\"supabase-migrator\"")
                    .doesNotContain(MigrationFixture.KEY).doesNotContain(MigrationFixture.TOKEN);

            Optional<Path> promtool = promtool();
            Assumptions.assumeTrue(promtool.isPresent(), "promtool not installed: .ci/run fetches it");
            Process check = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as("promtool check metrics:\n" + verdict).isZero();
        }
    }

    @Test
    void readinessFollowsTheTargetDatabaseAndOnlyReportsTheSource(TestInfo test) {
        fixture = new MigrationFixture(test.getTestMethod().orElseThrow().getName(), 0, 0);
        MigrationFixture f = fixture;
        Map<String, String> settings = Map.of("SUPABASE_URL", "http://127.0.0.1:9");
        try (ServiceProcess service = f.startService("only", settings)) {
            Response ready = RestAssured.get(service.baseUrl() + "/q/health/ready");
            assertThat(ready.statusCode()).as("a source outage is not the pod's fault").isEqualTo(200);
            assertThat(ready.jsonPath().getString("checks.find { it.name == 'supabase-source' }.data.state"))
                    .startsWith("unreachable");
            assertThat(RestAssured.get(service.baseUrl() + "/q/metrics").asString()).containsPattern("migrator_source_up(\\{\\})? 0.0");

            // the target database goes away: the pod is no longer ready, but alive
            org.supabasemigrator.testsupport.TestDatabase.dropNow(f.target.name());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> RestAssured.get(service.baseUrl() + "/q/health/ready").statusCode() == 503);
            assertThat(RestAssured.get(service.baseUrl() + "/q/health/live").statusCode()).isEqualTo(200);
            assertThat(RestAssured.get(service.baseUrl() + "/q/health/ready").asString())
                    .doesNotContain(MigrationFixture.KEY);
        }
    }

    static double value(String metrics, String name, String table) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*table=\"" + Pattern.quote(table)
                + "\"[^}]*\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(matcher.find()).as(name + " for " + table).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    static Optional<Path> promtool() {
        for (Path candidate : Set.of(Path.of(".ci", "tools", "promtool"), Path.of("/usr/bin/promtool"),
                Path.of("/usr/local/bin/promtool"))) {
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    static String read(Path path) throws IOException {
        return Files.readString(path);
    }
}
