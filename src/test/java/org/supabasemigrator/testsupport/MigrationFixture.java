package org.supabasemigrator.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

/**
 * Source, target and PostgREST-compatible server for tests that run the packaged service as a process: the
 * bot's schema with the hard values of {@code botdb/edge-cases.sql} plus extra clients, served with a delay
 * per response so a run lasts long enough to be killed or stopped midway.
 */
public final class MigrationFixture implements AutoCloseable {

    public static final String KEY = "it-service-role-key-" + UUID.randomUUID();
    public static final String TOKEN = "it-control-token-" + UUID.randomUUID();
    /** The bot's tables, in migration order, each with its primary key. */
    public static final Map<String, String> TABLES = new java.util.LinkedHashMap<>();
    static {
        TABLES.put("companies", "id");
        TABLES.put("clients", "id");
        TABLES.put("services", "id");
        TABLES.put("staff", "id");
        TABLES.put("staff_schedules", "id");
        TABLES.put("bookings", "id");
        TABLES.put("dialog_contexts", "id");
        TABLES.put("whatsapp_auth", "company_id");
        TABLES.put("whatsapp_keys", "company_id, key_type, key_id");
    }

    public final TestDatabase source;
    public final TestDatabase target;
    public final PostgrestServer server;
    /** Faults the source server injects; none until a test sets some. */
    public final SwitchableFaults faults = new SwitchableFaults();
    private final String name;

    /**
     * @param extraClients clients added to the edge cases (2,503 rows) so the table spans many pages
     * @param latencyMs    delay of every source response
     */
    public MigrationFixture(String name, int extraClients, long latencyMs) {
        this(name, extraClients, latencyMs, builder -> {
        });
    }

    /** As above; {@code server} adjusts the source server's configuration (denied tables, row cap). */
    public MigrationFixture(String name, int extraClients, long latencyMs,
            java.util.function.Consumer<PostgrestServer.Config.Builder> server) {
        this(name, extraClients, latencyMs, server, () -> TestDatabase.create("tgt"));
    }

    /**
     * As {@link #MigrationFixture(String, int, long)}, with the target database on a server of the test's own,
     * to restart, crash or keep down while the source (on the main server) keeps serving.
     */
    public static MigrationFixture withTargetOn(ThrowawayPostgres targetServer, String name, int extraClients,
            long latencyMs) {
        return new MigrationFixture(name, extraClients, latencyMs, builder -> {
        }, () -> targetServer.createDatabase("tgt"));
    }

    private MigrationFixture(String name, int extraClients, long latencyMs,
            java.util.function.Consumer<PostgrestServer.Config.Builder> server,
            java.util.function.Supplier<TestDatabase> targetDatabase) {
        this.name = name;
        this.source = TestDatabase.create("src").run("botdb/schema.sql").run("botdb/edge-cases.sql")
                .execute("INSERT INTO clients (id, company_id, name, visit_count, visit_history, favorite_staff_ids)"
                        + " SELECT 100000 + i, 1, 'Клиент ' || i, i % 20, jsonb_build_array(jsonb_build_object('n', i)),"
                        + " ARRAY[i % 5, NULL] FROM generate_series(1, " + extraClients + ") i");
        this.target = targetDatabase.get().run("botdb/schema.sql")
                .execute("ALTER TABLE clients ADD CONSTRAINT visit_count_not_negative CHECK (visit_count >= 0)");
        PostgrestServer.Config.Builder config = PostgrestServer.Config.builder(source.jdbcUrl()).user(TestDatabase.USER)
                .password(TestDatabase.PASSWORD).apikey(KEY).maxRows(1000).latencyMs(latencyMs).faultInjector(faults);
        server.accept(config);
        this.server = PostgrestServer.start(config.build());
    }

    /** Starts the packaged service on this fixture with small pages and batches; extra settings override. */
    public ServiceProcess startService(String instance, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(ServiceProcess.environment(server.baseUrl(), KEY, target, TOKEN));
        env.put("MIGRATOR_TABLES", String.join(",", TABLES.keySet()));
        env.put("MIGRATOR_PAGE_SIZE", "200");
        env.put("MIGRATOR_BATCH_SIZE", "100");
        env.putAll(settings);
        return ServiceProcess.start(env, List.of("-Xmx256m"),
                Path.of("target", "it-logs", name + "-" + instance + ".log"));
    }

    public ControlApi api(ServiceProcess service) {
        return new ControlApi(service.baseUrl(), TOKEN);
    }

    /** Source rows missing, extra or different in the target, ignoring the clients listed as refused. */
    public List<String> differences(Set<String> refusedClients) {
        List<String> differences = new java.util.ArrayList<>();
        TABLES.forEach((table, key) -> differences.addAll(ContentComparison.differences(source, target, table, key,
                table.equals("clients") ? refusedClients : Set.of())));
        return differences;
    }

    /** Rows written so far for a table, as committed with its checkpoints. */
    public long committed(String table) {
        return target.count("SELECT coalesce(sum(rows_written), 0) FROM migrator.slice_checkpoint WHERE table_name = '"
                + table + "'");
    }

    @Override
    public void close() {
        server.close();
        source.close();
        target.close();
    }
}
