package org.supabasemigrator.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.testsupport.ServiceProcess;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kubernetes manifests in {@code k8s/} agree with the service they deploy: its HTTP port and Quarkus
 * endpoints, the settings it knows ({@code application.properties}), its secrets, its shutdown, its route
 * files and the metrics it exposes. Plain JUnit: reads files, starts nothing but {@code kubectl kustomize}
 * where kubectl is installed.
 */
class KubernetesManifestsTest {

    /** Settings the service cannot start without (README, Configuration). */
    private static final List<String> REQUIRED_SETTINGS = List.of("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY",
            "TARGET_JDBC_URL", "TARGET_DB_USER", "TARGET_DB_PASSWORD", "MIGRATOR_CONTROL_TOKEN");

    /** Settings that are secrets: they come from the Secret, never from a ConfigMap. */
    private static final Set<String> SECRET_SETTINGS = Set.of("SUPABASE_SERVICE_ROLE_KEY", "TARGET_DB_PASSWORD",
            "MIGRATOR_CONTROL_TOKEN");

    private static final String SECRET_NAME = "supabase-migrator-secrets";
    private static final String ENV_CONFIG_MAP = "supabase-migrator-env";
    private static final String ROUTES_CONFIG_MAP = "supabase-migrator-routes";
    private static final String ROUTES_MOUNT = "/deployments/config/routes";
    private static final String DASHBOARD = "grafana/supabase-migrator-dashboard.json";

    /** The metrics the service exposes, by type (all labelled by table unless noted). */
    private static final Set<String> SERVICE_COUNTERS = Set.of("migrator_rows_read_total",
            "migrator_rows_written_total", "migrator_rows_dead_lettered_total", "migrator_source_retries_total");
    private static final Set<String> SERVICE_HISTOGRAMS = Set.of("migrator_batch_write_seconds",
            "migrator_source_request_seconds");
    private static final Set<String> SERVICE_GAUGES = Set.of("migrator_source_rows", "migrator_progress_ratio",
            "migrator_run_state", "migrator_source_up", "migrator_source_in_flight_limit", "migrator_source_readers");
    /** Metrics of Camel, the JVM and the cluster that the alerts and the dashboard may use as well. */
    private static final Set<String> OTHER_METRICS = Set.of("camel_exchanges_total", "camel_exchanges_failed_total",
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "up", "kube_deployment_status_replicas_available");

    private static final Pattern COMMENTED_KEY = Pattern.compile("^#([a-z][^\\s=]*)=.*$");
    private static final Pattern METRIC = Pattern.compile("\\b(migrator_[a-z_]+|camel_[a-z_]+|jvm_[a-z_]+|kube_[a-z_]+|up)\\b(?=\\s*[{\\[)]|\\s*$|\\s*[=<>!])");

    private static Path root;
    private static Path k8s;
    private static Properties properties;
    private static Set<String> knownSettings;
    private static Map<String, Object> kustomization;
    private static List<Map<String, Object>> resources;
    private static Map<String, Object> deployment;
    private static Map<String, Object> podSpec;
    private static Map<String, Object> container;
    private static Map<String, String> envConfigMap;

    @BeforeAll
    static void readManifests() throws IOException {
        root = repositoryRoot();
        k8s = root.resolve("k8s");
        Path applicationProperties = root.resolve("application.properties");
        properties = new Properties();
        try (var reader = Files.newBufferedReader(applicationProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        knownSettings = new TreeSet<>(REQUIRED_SETTINGS);
        for (String key : properties.stringPropertyNames()) {
            knownSettings.add(envName(key));
        }
        for (String line : Files.readAllLines(applicationProperties, StandardCharsets.UTF_8)) {
            Matcher commented = COMMENTED_KEY.matcher(line.trim());
            if (commented.matches()) {
                knownSettings.add(envName(commented.group(1)));
            }
        }

        kustomization = map(loadYaml(k8s.resolve("kustomization.yaml")).get(0));
        resources = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"))) {
            Path path = k8s.resolve(resource).normalize();
            if (Files.isRegularFile(path)) {
                loadYaml(path).forEach(document -> resources.add(map(document)));
            }
        }
        deployment = resource("Deployment", "supabase-migrator");
        podSpec = map(at(deployment, "spec", "template", "spec"));
        List<Object> containers = list(podSpec.get("containers"));
        assertThat(containers).as("containers of the Deployment").hasSize(1);
        container = map(containers.get(0));
        envConfigMap = envFile(generator(kustomization, ENV_CONFIG_MAP));
    }

    // --- Quarkus endpoints and port -------------------------------------------------------------------

    @Test
    void theProbesAskQuarkusHealthForLiveReadyAndStartedOnTheServicesHttpPort() {
        String health = quarkusEndpoint(setting("quarkus.smallrye-health.root-path", "health"));
        assertThat(httpGet("livenessProbe").get("path"))
                .isEqualTo(health + "/" + setting("quarkus.smallrye-health.liveness-path", "live"));
        assertThat(httpGet("readinessProbe").get("path"))
                .isEqualTo(health + "/" + setting("quarkus.smallrye-health.readiness-path", "ready"));
        assertThat(httpGet("startupProbe").get("path")).isIn(
                health + "/" + setting("quarkus.smallrye-health.startup-path", "started"),
                health + "/" + setting("quarkus.smallrye-health.liveness-path", "live"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(containerPort(httpGet(probe).get("port"))).as(probe + " port").isEqualTo(managementPort());
        }
    }

    @Test
    void theStartupProbeGivesFlywayAndCamelMinutesBeforeLivenessCounts() {
        Map<String, Object> startup = map(container.get("startupProbe"));
        int seconds = integer(startup.getOrDefault("periodSeconds", 10)) * integer(startup.get("failureThreshold"));
        assertThat(seconds).as("seconds the startup probe allows").isGreaterThanOrEqualTo(120);
    }

    @Test
    void theContainerAndTheServiceExposeQuarkusHttpPortNamedHttp() {
        assertThat(containerPort("http")).isEqualTo(httpPort());
        Map<String, Object> service = resource("Service", "supabase-migrator");
        Map<String, Object> port = map(list(at(service, "spec", "ports")).get(0));
        assertThat(port.get("name")).isEqualTo("http");
        assertThat(integer(port.get("port"))).isEqualTo(httpPort());
        assertThat(containerPort(port.get("targetPort"))).isEqualTo(httpPort());
        assertThat(map(at(service, "spec", "selector")).entrySet())
                .isSubsetOf(map(at(deployment, "spec", "template", "metadata", "labels")).entrySet());
        assertThat(dockerfileLines()).contains("EXPOSE " + httpPort());
    }

    @Test
    void prometheusScrapesTheMetricsEndpointByPodAnnotationsAndByServiceMonitor() {
        // served by the service's own PrometheusEndpoint, Micrometer's moved aside
        String metrics = org.supabasemigrator.observability.PrometheusEndpoint.PATH;
        assertThat(quarkusEndpoint(setting("quarkus.micrometer.export.prometheus.path", "metrics"))).isNotEqualTo(metrics);

        Map<String, Object> annotations = map(at(deployment, "spec", "template", "metadata", "annotations"));
        assertThat(annotations.get("prometheus.io/scrape")).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/path")).isEqualTo(metrics);
        assertThat(annotations.get("prometheus.io/port")).isEqualTo(Integer.toString(managementPort()));

        Map<String, Object> monitor = resource("ServiceMonitor", "supabase-migrator");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> endpoint = map(list(at(monitor, "spec", "endpoints")).get(0));
        assertThat(endpoint.get("path")).isEqualTo(metrics);
        assertThat(endpoint.get("port")).isEqualTo("http");
        assertThat(endpoint.get("interval")).isEqualTo("15s");
        Map<String, Object> service = resource("Service", "supabase-migrator");
        assertThat(map(at(monitor, "spec", "selector", "matchLabels")).entrySet())
                .isSubsetOf(map(at(service, "metadata", "labels")).entrySet());
    }

    // --- Settings --------------------------------------------------------------------------------------

    @Test
    void everyVariableTakenFromTheSecretOrTheConfigMapIsASettingTheServiceKnows() {
        Set<String> fromSecretOrConfigMap = new TreeSet<>(envConfigMap.keySet());
        for (Map<String, Object> variable : env()) {
            if (variable.get("valueFrom") != null) {
                fromSecretOrConfigMap.add((String) variable.get("name"));
            }
        }
        assertThat(fromSecretOrConfigMap).isNotEmpty();
        assertThat(fromSecretOrConfigMap).as("variables unknown to application.properties and the required settings")
                .isSubsetOf(knownSettings);
    }

    @Test
    void everyVariableSetLiterallyIsAServiceSettingOrALauncherOption() {
        for (Map<String, Object> variable : env()) {
            String name = (String) variable.get("name");
            if (variable.containsKey("value") && !name.startsWith("JAVA_") && !name.startsWith("QUARKUS_")) {
                // JAVA_*: read by the UBI image's run-java.sh, not by the service
                assertThat(knownSettings).as(name + " is not a setting of application.properties").contains(name);
            }
        }
    }

    @Test
    void everyQuarkusSettingTheDeploymentGivesIsAQuarkusSettingChangeableAtRunTime() throws IOException {
        Map<String, String> quarkusPhases = quarkusSettingPhases();
        Set<String> given = new TreeSet<>(envConfigMap.keySet());
        env().forEach(variable -> given.add((String) variable.get("name")));
        given.removeIf(name -> !name.startsWith("QUARKUS_"));
        assertThat(given).isNotEmpty();
        for (String name : given) {
            assertThat(quarkusPhases).as(name + " is no Quarkus setting").containsKey(name);
            // a build-time setting (e.g. QUARKUS_DATASOURCE_DB_KIND) given to the pod would be silently ignored
            assertThat(quarkusPhases.get(name)).as(name + " must be changeable at run time").isEqualTo("RUN_TIME");
        }
    }

    @Test
    void theServiceRoleKeyTheDatabasePasswordAndTheControlTokenComeFromTheSecretOnly() {
        for (String secret : SECRET_SETTINGS) {
            Map<String, Object> variable = env().stream().filter(v -> secret.equals(v.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(secret + " is not set by the Deployment"));
            Map<String, Object> ref = map(at(variable, "valueFrom", "secretKeyRef"));
            assertThat(ref).as(secret + " from a secretKeyRef").isNotNull();
            assertThat(ref.get("name")).isEqualTo(SECRET_NAME);
            assertThat(ref.get("key")).isEqualTo(secret);
        }
        assertThat(envConfigMap.keySet()).as("keys of ConfigMap " + ENV_CONFIG_MAP).doesNotContainAnyElementsOf(SECRET_SETTINGS);
        for (Map<String, Object> variable : env()) {
            if (at(variable, "valueFrom", "configMapKeyRef") != null || variable.containsKey("value")) {
                assertThat((String) variable.get("name")).isNotIn(SECRET_SETTINGS);
            }
        }
        assertThat(list(container.get("envFrom"))).allSatisfy(source -> assertThat(map(source)).doesNotContainKey("secretRef"));
    }

    @Test
    void everyRequiredSettingIsProvidedAndEveryConfigMapOrSecretTheContainerReadsIsTheExpectedOne() {
        Set<String> provided = new TreeSet<>(envConfigMap.keySet());
        env().forEach(variable -> provided.add((String) variable.get("name")));
        assertThat(provided).containsAll(REQUIRED_SETTINGS);
        assertThat(provided).contains("MIGRATOR_TABLES", "MIGRATOR_PAGE_SIZE", "MIGRATOR_BATCH_SIZE",
                "MIGRATOR_SOURCE_CONCURRENCY", "MIGRATOR_RESUME_ON_START", "QUARKUS_LOG_CONSOLE_JSON_ENABLED",
                "MIGRATOR_ROUTES_LOCATION");
        assertThat(envConfigMap).containsEntry("MIGRATOR_RESUME_ON_START", "true")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        for (Object source : list(container.get("envFrom"))) {
            assertThat(at(map(source), "configMapRef", "name")).isEqualTo(ENV_CONFIG_MAP);
        }
        for (Map<String, Object> variable : env()) {
            Object configMapRef = at(variable, "valueFrom", "configMapKeyRef");
            if (configMapRef != null) {
                assertThat(map(configMapRef).get("name")).isEqualTo(ENV_CONFIG_MAP);
                assertThat(envConfigMap).containsKey((String) map(configMapRef).get("key"));
            }
        }
    }

    // --- Security and lifecycle ------------------------------------------------------------------------

    @Test
    void theContainerRunsAsNonRootWithAReadOnlyRootFilesystemAndNoPrivilegeEscalation() {
        Map<String, Object> pod = map(podSpec.getOrDefault("securityContext", Map.of()));
        Map<String, Object> own = map(container.get("securityContext"));
        assertThat(own).as("container securityContext").isNotNull();
        assertThat(effective(own, pod, "runAsNonRoot")).isEqualTo(true);
        assertThat(effective(own, pod, "runAsUser")).isEqualTo(185);
        assertThat(dockerfileLines()).contains("USER " + effective(own, pod, "runAsUser"));
        assertThat(own.get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(own.get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(strings(at(own, "capabilities", "drop"))).containsExactly("ALL");
        assertThat(at(map(effective(own, pod, "seccompProfile")), "type")).isEqualTo("RuntimeDefault");
        assertThat(podSpec.get("automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void whatTheServiceWritesGoesToTheTmpVolumeBecauseTheRootFilesystemIsReadOnly() {
        String tmpVolume = mounts().entrySet().stream().filter(mount -> mount.getValue().equals("/tmp"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("nothing mounted at /tmp"));
        assertThat(volume(tmpVolume)).containsKey("emptyDir");
        // java.io.tmpdir is /tmp in the image unless the JVM options say otherwise
        String tmpdir = literalEnv("JAVA_OPTS_APPEND").map(options -> {
            Matcher property = Pattern.compile("-Djava\\.io\\.tmpdir=(\\S+)").matcher(options);
            return property.find() ? property.group(1) : null;
        }).orElse("/tmp");
        assertThat(tmpdir).as("java.io.tmpdir on the writable volume").startsWith("/tmp");
        // batches commit in local transactions: no transaction manager writes an object store anywhere
        assertThat(setting("quarkus.datasource.jdbc.transactions", "enabled")).isEqualTo("disabled");
    }

    @Test
    void terminationGracePeriodOutlastsTheShutdownWaitAndCamelsShutdownTimeout() {
        Duration shutdownWait = duration(setting("migrator.shutdown-wait", "25S"));
        Duration camelShutdown = Duration.ofSeconds(Long.parseLong(setting("camel.main.shutdown-timeout", "45")));
        Duration grace = Duration.ofSeconds(integer(podSpec.get("terminationGracePeriodSeconds")));
        assertThat(grace).isGreaterThan(shutdownWait);
        assertThat(grace).as("SIGTERM: the batch in flight commits, then Camel stops the routes")
                .isGreaterThan(shutdownWait.plus(camelShutdown));
    }

    @Test
    void oneReplicaIsReplacedByRecreateSoTheNewPodCanResumeTheRunTheOldOneStopped() {
        assertThat(integer(at(deployment, "spec", "replicas"))).isEqualTo(1);
        assertThat(envConfigMap.get("MIGRATOR_RESUME_ON_START")).isEqualTo("true");
        // a rolling update would start the new pod while the old one still holds the run lock: no resume
        assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");
    }

    @Test
    void resourcesAndHeapFollowTheBenchmark() {
        Map<String, Object> resources = map(container.get("resources"));
        assertThat(at(resources, "requests", "cpu")).isEqualTo("500m");
        assertThat(at(resources, "requests", "memory")).isEqualTo("512Mi");
        assertThat(String.valueOf(at(resources, "limits", "cpu"))).isEqualTo("2");
        assertThat(at(resources, "limits", "memory")).isEqualTo("1Gi");
        assertThat(literalEnv("JAVA_OPTS_APPEND")).get().asString().contains("-XX:MaxRAMPercentage=50");
        // the tests and the benchmark run the service with the same collector
        assertThat(literalEnv("JAVA_OPTS_APPEND")).get().asString().contains(String.join(" ", ServiceProcess.DEPLOYED_JVM_OPTIONS));
    }

    // --- Configuration files: the real ones -----------------------------------------------------------

    @Test
    void theRoutesConfigMapIsGeneratedFromEveryRealRouteFileAndMountedWhereTheServiceLooksForRoutes() throws IOException {
        Set<String> routeFiles = routeFiles();
        assertThat(routeFiles).isNotEmpty();
        Path routesBase = root.resolve("routes");
        assertThat(strings(kustomization.get("resources")))
                .as("k8s/kustomization.yaml uses routes/ as a base").contains("../routes");
        Map<String, Object> routesKustomization = map(loadYaml(routesBase.resolve("Kustomization")).get(0));
        Map<String, Object> generator = generator(routesKustomization, ROUTES_CONFIG_MAP);
        Set<String> generated = new TreeSet<>();
        for (String file : strings(generator.get("files"))) {
            Path path = routesBase.resolve(file).normalize();
            assertThat(path).as("generator file " + file).isRegularFile();
            assertThat(path.getParent()).as("a file of routes/ itself, not a copy").isEqualTo(routesBase.normalize());
            generated.add(path.getFileName().toString());
        }
        assertThat(generated).as("route files in the ConfigMap").isEqualTo(routeFiles);
        try (Stream<Path> files = Files.walk(k8s)) {
            assertThat(files.filter(Files::isRegularFile).map(path -> path.getFileName().toString()))
                    .as("no copy of the service's configuration in k8s/")
                    .doesNotContain("application.properties").doesNotContainAnyElementsOf(routeFiles);
        }

        String routesVolume = mounts().entrySet().stream().filter(mount -> mount.getValue().equals(ROUTES_MOUNT))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("nothing at " + ROUTES_MOUNT));
        assertThat(at(volume(routesVolume), "configMap", "name")).isEqualTo(ROUTES_CONFIG_MAP);
        assertThat(literalEnv("MIGRATOR_ROUTES_LOCATION")).contains("file:" + ROUTES_MOUNT + "/*.yaml");
        assertThat(knownSettings).contains("MIGRATOR_ROUTES_LOCATION");
    }

    @Test
    void operatorsOverrideApplicationPropertiesFromAMountedFileBesideThePackagedOne() {
        Map<String, Object> generator = generator(kustomization, "supabase-migrator-config");
        assertThat(strings(generator.get("files"))).containsExactly("application.properties=config-overrides.properties");
        assertThat(k8s.resolve("config-overrides.properties")).isRegularFile();
        String configVolume = mounts().entrySet().stream()
                .filter(mount -> mount.getValue().equals("/deployments/config/application.properties"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no application.properties mounted"));
        assertThat(at(volume(configVolume), "configMap", "name")).isEqualTo("supabase-migrator-config");
    }

    @Test
    void theImageCarriesTheRealApplicationPropertiesAndRoutesOfThisVersion() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<include>application.properties</include>").contains("<include>routes/**</include>");
        assertThat(dockerfileLines()).contains(
                "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
                "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/",
                "ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        Matcher version = Pattern.compile("</modelVersion>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).as("artifactId and version in pom.xml").isTrue();
        assertThat(container.get("image")).isEqualTo(version.group(1) + ":" + version.group(2));
        assertThat(container.get("workingDir")).as("where config/application.properties is looked for")
                .isEqualTo("/deployments");
    }

    @Test
    void theSecretExampleHoldsPlaceholdersOnlyAndIsNotDeployed() throws IOException {
        Map<String, Object> secret = map(loadYaml(k8s.resolve("secret.example.yaml")).get(0));
        assertThat(secret.get("kind")).isEqualTo("Secret");
        assertThat(at(secret, "metadata", "name")).isEqualTo(SECRET_NAME);
        Map<String, Object> values = map(secret.get("stringData"));
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(SECRET_SETTINGS);
        assertThat(values.values()).allSatisfy(value -> assertThat(value).isEqualTo("change-me"));
        assertThat(strings(kustomization.get("resources"))).doesNotContain("secret.example.yaml");
        assertThat(resources).noneSatisfy(resource -> assertThat(resource.get("kind")).isEqualTo("Secret"));
    }

    // --- Alerts and dashboard ----------------------------------------------------------------------------

    @Test
    void theAlertsWatchFailedRunsDeadLettersStalledRunsTheSourceAndReadiness() {
        Map<String, Object> rule = resource("PrometheusRule", "supabase-migrator");
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Object group : list(at(rule, "spec", "groups"))) {
            for (Object item : list(map(group).get("rules"))) {
                alerts.put((String) map(item).get("alert"), String.valueOf(map(item).get("expr")));
            }
        }
        assertThat(alerts.values()).anySatisfy(expr -> assertThat(expr).contains("migrator_run_state{state=\"FAILED\"}"));
        assertThat(alerts.values()).anySatisfy(expr -> assertThat(expr)
                .contains("increase(migrator_rows_dead_lettered_total[10m])").contains("> 0"));
        assertThat(alerts.values()).anySatisfy(expr -> assertThat(expr)
                .contains("migrator_run_state{state=\"RUNNING\"}").contains("increase(migrator_rows_written_total[10m])"));
        assertThat(alerts.values()).anySatisfy(expr -> assertThat(expr).contains("migrator_source_up").contains("== 0"));
        assertThat(alerts.values()).anySatisfy(expr -> assertThat(expr).containsAnyOf("up{", "kube_deployment_status_replicas_available"));
        alerts.forEach((alert, expr) -> assertThat(metrics(expr)).as(alert).isSubsetOf(knownMetrics()));
    }

    @Test
    void theDashboardShowsEveryServiceMetricThroughTheDatasourceAndTableVariables() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(k8s.resolve(DASHBOARD).toFile());
        Map<String, JsonNode> variables = new HashMap<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.put(variable.path("name").asText(), variable));
        assertThat(variables.get("datasource")).isNotNull();
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get("table")).isNotNull();
        assertThat(variables.get("table").path("query").asText()).isEqualTo("label_values(migrator_source_rows, table)");

        Set<String> used = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> {
            if (panel.path("type").asText().equals("row")) {
                return;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            panel.path("targets").forEach(target -> used.addAll(metrics(target.path("expr").asText())));
        });
        assertThat(used).isSubsetOf(knownMetrics());
        Set<String> expected = new TreeSet<>(SERVICE_COUNTERS);
        expected.addAll(SERVICE_GAUGES);
        SERVICE_HISTOGRAMS.forEach(histogram -> expected.add(histogram + "_bucket"));
        expected.addAll(List.of("camel_exchanges_total", "camel_exchanges_failed_total", "jvm_memory_used_bytes"));
        assertThat(used).containsAll(expected);

        Map<String, Object> generator = generator(kustomization, "supabase-migrator-grafana-dashboard");
        assertThat(strings(generator.get("files"))).containsExactly(DASHBOARD);
        assertThat(at(generator, "options", "labels")).isEqualTo(Map.of("grafana_dashboard", "1"));
    }

    // --- kustomize ---------------------------------------------------------------------------------------

    @Test
    void kubectlKustomizeBuildsTheBaseWithTheRouteFilesVerbatim() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize", "k8s/").directory(root.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("kubectl kustomize k8s/ did not finish within 120 s");
        }
        assertThat(process.exitValue()).as("kubectl kustomize k8s/: " + err.get()).isZero();

        List<Map<String, Object>> built = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(new StringReader(out.get()))
                .forEach(document -> built.add(map(document)));
        assertThat(built.stream().map(r -> r.get("kind") + "/" + at(r, "metadata", "name")).toList())
                .contains("Deployment/supabase-migrator", "Service/supabase-migrator",
                        "ServiceMonitor/supabase-migrator", "PrometheusRule/supabase-migrator",
                        "ConfigMap/supabase-migrator-grafana-dashboard")
                .noneMatch(name -> name.startsWith("Secret/"));

        Map<String, Object> routes = built.stream().filter(r -> "ConfigMap".equals(r.get("kind")))
                .filter(r -> String.valueOf(at(r, "metadata", "name")).startsWith(ROUTES_CONFIG_MAP + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + ROUTES_CONFIG_MAP + "-<hash>"));
        Map<String, Object> data = map(routes.get("data"));
        assertThat(data.keySet()).isEqualTo(routeFiles());
        for (String file : routeFiles()) {
            assertThat(data.get(file)).as(file).isEqualTo(Files.readString(root.resolve("routes").resolve(file)));
        }
        Map<String, Object> builtDeployment = built.stream().filter(r -> "Deployment".equals(r.get("kind"))).findFirst().orElseThrow();
        List<Object> volumes = list(at(builtDeployment, "spec", "template", "spec", "volumes"));
        assertThat(volumes).anySatisfy(v -> assertThat(at(map(v), "configMap", "name")).isEqualTo(at(routes, "metadata", "name")));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml")) && Files.isDirectory(candidate.resolve("k8s"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root with pom.xml and k8s/ above " + dir);
    }

    /** The environment variable SmallRye Config reads for a property: non-alphanumerics to _, upper case. */
    private static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A setting as the pod sees it: migrator.env overrides application.properties. */
    private static String setting(String property, String defaultValue) {
        String fromConfigMap = envConfigMap == null ? null : envConfigMap.get(envName(property));
        return fromConfigMap != null ? fromConfigMap : properties.getProperty(property, defaultValue);
    }

    private static String quarkusEndpoint(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String root = setting("quarkus.http.non-application-root-path", "q");
        root = root.startsWith("/") ? root : "/" + root;
        return (root.endsWith("/") ? root : root + "/") + path;
    }

    private static int httpPort() {
        return Integer.parseInt(setting("quarkus.http.port", "8080"));
    }

    /** Health and metrics move to a separate port when Quarkus' management interface is enabled. */
    private static int managementPort() {
        return Boolean.parseBoolean(setting("quarkus.management.enabled", "false"))
                ? Integer.parseInt(setting("quarkus.management.port", "9000"))
                : httpPort();
    }

    private static Duration duration(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (text.matches("\\d+MS")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.matches("\\d+D")) {
            return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.parse(text.startsWith("P") ? text : "PT" + text);
    }

    private static Map<String, Object> httpGet(String probe) {
        Map<String, Object> httpGet = map(at(container, probe, "httpGet"));
        assertThat(httpGet).as(probe + ".httpGet").isNotNull();
        return httpGet;
    }

    private static int containerPort(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object candidate : list(container.get("ports"))) {
            if (Objects.equals(map(candidate).get("name"), port)) {
                return integer(map(candidate).get("containerPort"));
            }
        }
        throw new AssertionError("the container has no port named " + port);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> env() {
        return list(container.get("env")).stream().map(v -> (Map<String, Object>) v).toList();
    }

    private static Optional<String> literalEnv(String name) {
        return env().stream().filter(v -> name.equals(v.get("name")) && v.containsKey("value"))
                .map(v -> String.valueOf(v.get("value"))).findFirst();
    }

    private static Map<String, String> mounts() {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object mount : list(container.get("volumeMounts"))) {
            mounts.put((String) map(mount).get("name"), (String) map(mount).get("mountPath"));
        }
        return mounts;
    }

    private static Map<String, Object> volume(String name) {
        return list(podSpec.get("volumes")).stream().map(KubernetesManifestsTest::map)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Object effective(Map<String, Object> container, Map<String, Object> pod, String key) {
        return container.containsKey(key) ? container.get(key) : pod.get(key);
    }

    private static Map<String, Object> resource(String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(at(r, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("k8s/ has no " + kind + " " + name));
    }

    private static Map<String, Object> generator(Map<String, Object> kustomization, String name) {
        return list(kustomization.get("configMapGenerator")).stream().map(KubernetesManifestsTest::map)
                .filter(g -> name.equals(g.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no configMapGenerator " + name));
    }

    /** The keys and values of a configMapGenerator's env files (KEY=VALUE lines, # comments). */
    private static Map<String, String> envFile(Map<String, Object> generator) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String file : strings(generator.get("envs"))) {
            for (String line : Files.readAllLines(k8s.resolve(file), StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                assertThat(equals).as("KEY=VALUE in " + file + ": " + trimmed).isPositive();
                values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        for (String literal : strings(generator.get("literals"))) {
            int equals = literal.indexOf('=');
            values.put(literal.substring(0, equals), literal.substring(equals + 1));
        }
        return values;
    }

    private static Set<String> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("routes"))) {
            return files.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> dockerfileLines() {
        try {
            return Files.readAllLines(root.resolve("src/main/docker/Dockerfile.jvm"), StandardCharsets.UTF_8).stream()
                    .map(String::trim).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> knownMetrics() {
        Set<String> known = new TreeSet<>(SERVICE_COUNTERS);
        known.addAll(SERVICE_GAUGES);
        for (String histogram : SERVICE_HISTOGRAMS) {
            known.addAll(List.of(histogram + "_bucket", histogram + "_count", histogram + "_sum"));
        }
        known.addAll(OTHER_METRICS);
        return known;
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(expr.replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", ""));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Environment variable name to phase (BUILD_TIME, RUN_TIME, ...) of every Quarkus setting on the classpath. */
    private static Map<String, String> quarkusSettingPhases() throws IOException {
        Map<String, String> phases = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> models = KubernetesManifestsTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
        for (URL model : Collections.list(models)) {
            try (InputStream in = model.openStream()) {
                collectPhases(json.readTree(in), phases);
            }
        }
        assertThat(phases).as("Quarkus configuration models on the test classpath").isNotEmpty();
        return phases;
    }

    private static void collectPhases(JsonNode node, Map<String, String> phases) {
        if (node.isObject()) {
            JsonNode variable = node.path("path").path("environmentVariable");
            if (variable.isTextual() && node.has("phase")) {
                phases.put(variable.asText(), node.get("phase").asText());
            }
            node.forEach(child -> collectPhases(child, phases));
        } else if (node.isArray()) {
            node.forEach(child -> collectPhases(child, phases));
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> loadYaml(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    private static List<String> strings(Object node) {
        return list(node).stream().map(String::valueOf).toList();
    }

    private static int integer(Object value) {
        return value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value));
    }
}
