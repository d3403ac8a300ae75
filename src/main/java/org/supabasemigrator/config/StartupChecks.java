package org.supabasemigrator.config;

import java.net.URI;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Checks at start-up that no well-formed setting can catch: the source is reached over TLS unless it is this
 * machine (the service role key would travel in clear), and the target database accepts the credentials and
 * holds the bookkeeping schema (created or upgraded by Flyway). Each failure stops the start with one line
 * that says what and where.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    void check(@Observes @Priority(10) StartupEvent event, SourceSettings source, TargetSettings target,
            MigratorSettings migrator, Flyway flyway) {
        String host = URI.create(source.url()).getHost();
        if (source.url().startsWith("http:") && !isLocal(host) && !migrator.source().allowInsecure()) {
            fail("SUPABASE_URL " + source.url() + " is plain http to a remote host: the service role key would travel"
                    + " in clear. Use https, or set MIGRATOR_SOURCE_ALLOW_INSECURE=true for a trusted network");
        }
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            fail("Cannot prepare the target database " + StartupReport.withoutQuery(target.jdbcUrl()) + " as "
                    + target.dbUser() + ": " + root.getMessage() + ". Check TARGET_JDBC_URL, TARGET_DB_USER and"
                    + " TARGET_DB_PASSWORD");
        }
    }

    static boolean isLocal(String host) {
        return host == null || LOCAL_HOSTS.contains(host.toLowerCase());
    }

    private static void fail(String message) {
        LOG.error(message);
        throw new ConfigurationException(message);
    }
}
