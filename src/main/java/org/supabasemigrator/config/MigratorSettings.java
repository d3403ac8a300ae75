package org.supabasemigrator.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * What to migrate and how ({@code MIGRATOR_*}). The defaults are in application.properties, commented and
 * grouped for operators, and not repeated here.
 */
@ConfigMapping(prefix = "migrator")
public interface MigratorSettings {

    /** Tables in migration order: parents before children ({@code MIGRATOR_TABLES}). */
    List<@WithConverter(Converters.Identifier.class) String> tables();

    /** Rows asked per source page; the source may cap pages below it ({@code MIGRATOR_PAGE_SIZE}). */
    @WithConverter(Converters.PositiveInteger.class)
    int pageSize();

    /** Rows written per target transaction ({@code MIGRATOR_BATCH_SIZE}). */
    @WithConverter(Converters.PositiveInteger.class)
    int batchSize();

    /** Source requests in flight at once ({@code MIGRATOR_SOURCE_CONCURRENCY}). */
    @WithConverter(Converters.PositiveInteger.class)
    int sourceConcurrency();

    /** Bearer token that opens {@code /api/*} ({@code MIGRATOR_CONTROL_TOKEN}). Secret. */
    @WithConverter(Converters.Secret.class)
    String controlToken();

    /** Schema of the business tables in the target database. */
    @WithDefault("public")
    @WithConverter(Converters.Identifier.class)
    String targetSchema();

    /** Resume the newest run a crash or shutdown interrupted when the service starts. */
    boolean resumeOnStart();

    /** On SIGTERM, how long to wait for the batches in flight to commit before the routes go down. */
    Duration shutdownWait();

    /** Where the route files are read from; Kubernetes mounts them from a ConfigMap. */
    String routesLocation();

    /** Compare source and target content row by row after a full copy; a table is verified only then. */
    boolean verifyAfterCopy();

    /** Create target tables the target lacks, from the source's description (a run may also ask for it). */
    boolean createMissingTables();

    /** The change-tracking column incremental runs filter on, unless a table names its own. */
    String watermarkColumn();

    /** Per table change-tracking column, e.g. {@code migrator.watermark-columns.whatsapp_keys=modified_at}. */
    Map<String, String> watermarkColumns();

    /** Incremental runs re-read this much before the last watermark, for rows committed late. */
    Duration incrementalOverlap();

    /** Talking to the source. */
    Source source();

    /** Writing to the target. */
    Target target();

    interface Source {
        /** Milliseconds to open a connection. */
        int connectTimeoutMs();

        /** Milliseconds to wait for a response; a stalled response fails the request. */
        int readTimeoutMs();

        /** Attempts after the first for a request that failed transiently (5xx, 429, timeouts, cut-off bodies). */
        int retries();

        /** First back-off delay; it doubles with each attempt, with jitter. */
        long retryDelayMs();

        /** Longest single wait, also for a Retry-After the source asks for. */
        long maxRetryDelayMs();

        /** Give up on a request that kept failing for this long, whatever the attempts left. */
        Duration retryBudget();

        /** Accept a plain-http SUPABASE_URL for a host that is not this machine (the key would travel in clear). */
        boolean allowInsecure();
    }

    interface Target {
        /** Attempts after the first while the target is unavailable (back-off from 0.5 s to 15 s). */
        int retries();

        /** {@code synchronous_commit} of the sink's write transactions; see application.properties for why off. */
        SynchronousCommit synchronousCommit();

        /** How the sink's write transactions compress large values; see application.properties for why lz4. */
        ToastCompression toastCompression();
    }

    /** A setting's value that PostgreSQL spells as the constant's name in lower case. */
    interface PostgresValue {
        String name();

        default String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code default_toast_compression} for the rows written; SERVER keeps the target's own. */
    enum ToastCompression implements PostgresValue {
        SERVER, PGLZ, LZ4
    }

    /** PostgreSQL's {@code synchronous_commit} levels. */
    enum SynchronousCommit implements PostgresValue {
        OFF, LOCAL, REMOTE_WRITE, ON, REMOTE_APPLY
    }
}
