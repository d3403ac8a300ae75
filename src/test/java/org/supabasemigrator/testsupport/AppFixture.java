package org.supabasemigrator.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

/**
 * A typical Supabase app's schema ({@code appdb/}) as source and target, for tests that run the packaged service
 * as a process on it: the source holds {@code appdb/dataset.sql}, served like Supabase (1000-row cap); the target
 * has the same schema, as a schema dump applied before the copy, plus its own triggers
 * ({@code appdb/target-extras.sql}). Unlike {@link MigrationFixture}, the service is started WITHOUT
 * {@code MIGRATOR_TABLES}: it finds the tables itself.
 */
public final class AppFixture implements AutoCloseable {

    public static final String KEY = "it-service-role-key-" + UUID.randomUUID();
    public static final String TOKEN = "it-control-token-" + UUID.randomUUID();

    /** Every table of the source's public schema as the API names it, with its key as a SQL expression list. */
    public static final Map<String, String> TABLES = new LinkedHashMap<>();
    static {
        TABLES.put("UserProfiles", "id");
        TABLES.put("rate_limits", "\"limit\"");
        TABLES.put("invoices", "id");
        TABLES.put("comments", "id");
        TABLES.put("tenant_pages", "tenant_id, slug");
        TABLES.put("audit log-entries", "source, seq");
        TABLES.put("teams", "id");
        TABLES.put("members", "id");
    }

    public final TestDatabase source;
    public final TestDatabase target;
    public final PostgrestServer server;
    private final String name;

    public AppFixture(String name) {
        this.name = name;
        this.source = TestDatabase.create("appsrc").run("appdb/schema.sql").run("appdb/dataset.sql");
        this.target = TestDatabase.create("apptgt").run("appdb/schema.sql").run("appdb/target-extras.sql");
        this.server = PostgrestServer.start(PostgrestServer.Config.builder(source.jdbcUrl()).user(TestDatabase.USER)
                .password(TestDatabase.PASSWORD).apikey(KEY).maxRows(1000).build());
    }

    /** The packaged service on this fixture: no table list, pages of 200 rows; settings and JVM options add to it. */
    public ServiceProcess startService(String instance, Map<String, String> settings, List<String> jvmArgs) {
        Map<String, String> env = new HashMap<>(ServiceProcess.environment(server.baseUrl(), KEY, target, TOKEN));
        env.put("MIGRATOR_PAGE_SIZE", "200");
        env.put("MIGRATOR_BATCH_SIZE", "200");
        env.putAll(settings);
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(jvmArgs);
        return ServiceProcess.start(env, jvm, Path.of("target", "it-logs", "app-" + name + "-" + instance + ".log"));
    }

    public ServiceProcess startService(String instance) {
        return startService(instance, Map.of(), List.of());
    }

    public ControlApi api(ServiceProcess service) {
        return new ControlApi(service.baseUrl(), TOKEN);
    }

    /** A name as SQL spells it: always double-quoted. */
    public static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Source rows missing, extra or different in the target, over every table; {@code missing} maps a table to keys
     *  expected to be absent from the target. */
    public List<String> differences(Map<String, Set<String>> missing) {
        List<String> differences = new ArrayList<>();
        TABLES.forEach((table, key) -> differences.addAll(ContentComparison.differences(source, target, quoted(table),
                key, missing.getOrDefault(table, Set.of()))));
        return differences;
    }

    public List<String> differences() {
        return differences(Map.of());
    }

    /** Dead letters of a run, as {@code table | primary_key | sql_state | error_message}. */
    public List<List<String>> deadLetters(long runId) {
        return target.rows("SELECT table_name, primary_key::text, sql_state, error_message FROM migrator.dead_letter"
                + " WHERE run_id = " + runId + " ORDER BY id");
    }

    @Override
    public void close() {
        server.close();
        source.close();
        target.close();
    }
}
