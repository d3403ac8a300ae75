package org.supabasemigrator.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * What to migrate and how ({@code MIGRATOR_*}). The defaults are in application.properties, commented and
 * grouped for operators, and not repeated here; values are checked by Bean Validation at start-up.
 */
@ConfigMapping(prefix = "migrator")
public interface MigratorSettings {

    /** Tables to migrate ({@code MIGRATOR_TABLES}); unset or empty: every table the source's API describes. */
    Optional<List<String>> tables();

    /** Schema the source's API exposes (PostgREST selects it with {@code Accept-Profile}). */
    @NotBlank
    String sourceSchema();

    /** Schema of the business tables in the target; the source's by default. */
    Optional<String> targetSchema();

    default String targetSchemaName() {
        return targetSchema().filter(s -> !s.isBlank()).orElse(sourceSchema());
    }

    /**
     * Key columns for tables with neither a primary key nor a unique index of NOT NULL columns in the target,
     * e.g. {@code migrator.key-columns.events=tenant_id,event_id}.
     */
    Map<String, List<String>> keyColumns();

    /** Rows asked per source page at most; Supabase caps responses at 1000 rows whatever is asked. */
    @Min(1)
    int pageSize();

    /** Bytes a page should stay under: the rows asked per page follow the size of the rows. */
    MemorySize pageBytes();

    /**
     * The bytes a page actually gets: {@link #pageBytes()}, or less where the heap is small: a key range holds a
     * page and fetches the next, a page is in the heap several times over (body, rows, the target's lines for its
     * comparison), and the pages of the ranges read at once get a sixteenth of the heap between them
     * ({@link #pageMemoryBytes()}), of which a page takes at most a {@link #sourceBusy()}th.
     */
    default long pageBudgetBytes() {
        return Math.max(256 * 1024, Math.min(pageBytes().asLongValue(), pageMemoryBytes() / sourceBusy()));
    }

    /** The heap's share for the pages of the key ranges read at once (one page each, as expected). */
    default long pageMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 16;
    }

    /** Requests the source works on at once: its busy connections, or fewer where fewer may be in flight. */
    default int sourceBusy() {
        return Math.min(source().busyConnections(), sourceConcurrency());
    }

    /** Rows written per target transaction (at most a page). */
    @Min(1)
    int batchSize();

    /**
     * Source requests in flight at most, shared by every table and key range (and key ranges read at once); how
     * many of them go at a time is learnt from their round trips ({@link Source#busyConnections()}).
     */
    @Min(1)
    int sourceConcurrency();

    /** Bearer token that opens {@code /api/*} ({@code MIGRATOR_CONTROL_TOKEN}). Secret. */
    @NotBlank
    String controlToken();

    /** Resume the newest run a crash or shutdown interrupted when the service starts. */
    boolean resumeOnStart();

    /** On SIGTERM, how long to wait for the batches in flight to commit before the routes go down. */
    Duration shutdownWait();

    /** Where the route files are read from; Kubernetes mounts them from a ConfigMap. */
    String routesLocation();

    /** How full runs prove the target equal to the source. */
    Verification verification();

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

    /** How a full run is verified. */
    enum Verification {
        /** Each batch is compared with the target as it commits: the source is read once. */
        IN_FLIGHT,
        /** After the copy, every page is read from the source again and compared (as a verify run does). */
        REREAD,
        /** Not compared: tables are never verified. */
        OFF
    }

    interface Source {
        /** Milliseconds to open a connection. */
        @Min(1)
        int connectTimeoutMs();

        /** Milliseconds to wait for a response; a stalled response fails the request. */
        @Min(1)
        int readTimeoutMs();

        /** Attempts after the first for a request that failed transiently (5xx, 429, timeouts, cut-off bodies). */
        @Min(0)
        int retries();

        /** First back-off delay; it doubles with each attempt, with jitter. */
        @Min(0)
        long retryDelayMs();

        /** Longest single wait, also for a Retry-After the source asks for. */
        @Min(0)
        long maxRetryDelayMs();

        /** Give up on a request that kept failing for this long, whatever the attempts left. */
        Duration retryBudget();

        /**
         * Requests the source works on at once: each holds one of PostgREST's pool connections while its query
         * runs. Requests in flight are kept where the source is this busy, up to {@link #sourceConcurrency()}.
         */
        @Min(1)
        int busyConnections();

        /** Longest request URI sent; gateways refuse longer ones (414). */
        @Min(1024)
        int maxUriBytes();

        /** Accept a plain-http SUPABASE_URL for a host that is not this machine (the key would travel in clear). */
        boolean allowInsecure();

        /** Accept an anon or authenticated key, which sees only what row-level security lets it. */
        @WithName("allow-restricted-key")
        boolean allowRestrictedKey();
    }

    interface Target {
        /** How long a target that is unavailable (restarting, failing over) is waited for before the run fails. */
        Duration outage();

        /** Proceed although the target's triggers would fire on migrated rows (the role cannot switch them off). */
        boolean allowTriggers();

        /** {@code synchronous_commit} of the sink's write transactions; see application.properties for why off. */
        SynchronousCommit synchronousCommit();

        /** How the sink's write transactions compress large values; see application.properties for why lz4. */
        ToastCompression toastCompression();

        /** Build a bulk-loaded table's plain secondary indexes once its rows are in; see application.properties. */
        boolean deferIndexes();
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
