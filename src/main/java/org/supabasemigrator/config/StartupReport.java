package org.supabasemigrator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Logs what the service will migrate, from where to where, once it is up. Never a key, token or password. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void report(@Observes StartupEvent event, SourceSettings source, TargetSettings target, MigratorSettings migrator) {
        LOG.infof("Ready to migrate %s from %s (schema %s) to %s as %s (schema %s); pages of up to %d rows and %s,"
                + " batches of %d rows, up to %d source requests in flight (%d at the source at once)."
                + " Start a run with POST /api/migrations.",
                migrator.tables().map(Object::toString).orElse("every table the source exposes"), source.restUrl(),
                migrator.sourceSchema(), withoutQuery(target.jdbcUrl()), target.dbUser(), migrator.targetSchemaName(),
                migrator.pageSize(), migrator.pageBudgetBytes() + " bytes", migrator.batchSize(),
                migrator.sourceConcurrency(), migrator.sourceBusy());
    }

    /** JDBC URL parameters may carry a password: show host and database only. */
    static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
