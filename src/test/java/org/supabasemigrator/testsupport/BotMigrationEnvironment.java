package org.supabasemigrator.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.supabasemigrator.testsupport.postgrest.PostgrestServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real source and a real target for a {@code @QuarkusTest}: a source database with the bot's schema and
 * the hard values of {@code botdb/edge-cases.sql}, served by the PostgREST-compatible server with a row cap
 * below the page size; an empty target with the same schema plus a CHECK constraint one source row breaks.
 */
public class BotMigrationEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_ROLE_KEY = "test-service-role-key-6f1d";
    public static final String CONTROL_TOKEN = "test-control-token-93ab";
    /** The server caps pages at this many rows, below the 1000 the service asks for. */
    public static final int ROW_CAP = 250;
    /** Source client whose visit_count the target's constraint refuses. */
    public static final String POISON_CLIENT = "3";

    private static TestDatabase source;
    private static TestDatabase target;
    private static PostgrestServer server;

    @Override
    public Map<String, String> start() {
        source = TestDatabase.create("src").run("botdb/schema.sql").run("botdb/edge-cases.sql");
        target = TestDatabase.create("tgt").run("botdb/schema.sql")
                .execute("ALTER TABLE clients ADD CONSTRAINT visit_count_not_negative CHECK (visit_count >= 0)");
        server = PostgrestServer.start(PostgrestServer.Config.builder(source.jdbcUrl()).user(TestDatabase.USER)
                .password(TestDatabase.PASSWORD).apikey(SERVICE_ROLE_KEY).maxRows(ROW_CAP).build());

        Map<String, String> config = new HashMap<>();
        config.put("supabase.url", server.baseUrl());
        config.put("supabase.service-role-key", SERVICE_ROLE_KEY);
        config.put("target.jdbc-url", target.jdbcUrl());
        config.put("target.db-user", TestDatabase.USER);
        config.put("target.db-password", TestDatabase.PASSWORD);
        config.put("migrator.control-token", CONTROL_TOKEN);
        config.put("migrator.batch-size", "200");
        config.put("migrator.tables", String.join(",", MigrationFixture.TABLES.keySet()));
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    public static TestDatabase source() {
        return source;
    }

    public static TestDatabase target() {
        return target;
    }
}
