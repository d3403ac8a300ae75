package org.supabasemigrator.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.supabasemigrator.run.RunState;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The migration's own metrics, labelled by table (never by row content or anything secret), next to Camel's
 * route metrics at {@code /q/metrics}:
 * <ul>
 * <li>{@code migrator_rows_read_total}, {@code migrator_rows_written_total}, {@code migrator_rows_dead_lettered_total}</li>
 * <li>{@code migrator_batch_write_seconds} and {@code migrator_source_request_seconds} (by HTTP status) histograms</li>
 * <li>{@code migrator_source_rows} and {@code migrator_progress_ratio} gauges</li>
 * <li>{@code migrator_run_state} (1 for the state of the latest run), {@code migrator_source_up}</li>
 * <li>{@code migrator_source_retries_total} (by reason)</li>
 * </ul>
 */
@ApplicationScoped
public class MigrationMetrics {

    private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60) };

    private final MeterRegistry registry;
    private final Map<String, TableGauges> tables = new ConcurrentHashMap<>();
    private final Map<RunState, AtomicInteger> runState = new ConcurrentHashMap<>();
    private final AtomicInteger sourceUp = new AtomicInteger(1);

    public MigrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RunState state : RunState.values()) {
            AtomicInteger value = new AtomicInteger();
            runState.put(state, value);
            Gauge.builder("migrator.run.state", value, AtomicInteger::get).tag("state", state.name())
                    .description("1 for the state of the latest run, 0 for the others").register(registry);
        }
        Gauge.builder("migrator.source.up", sourceUp, AtomicInteger::get)
                .description("1 while the source answers, 0 after it could not be reached").register(registry);
    }

    public void runState(RunState state) {
        runState.forEach((s, value) -> value.set(s == state ? 1 : 0));
    }

    public void read(String table, long rows) {
        counter("migrator.rows.read", table, "Rows received from the source").increment(rows);
    }

    public void written(String table, long rows) {
        counter("migrator.rows.written", table, "Rows committed to the target").increment(rows);
        gauges(table).done.add(rows);
    }

    public void deadLettered(String table, long rows) {
        counter("migrator.rows.dead.lettered", table, "Rows the target refused, kept in the dead-letter store").increment(rows);
        gauges(table).done.add(rows);
    }

    /** A table (re)starts: progress counts from what its checkpoints already hold. */
    public void tableStarted(String table, long sourceRows, long alreadyDone) {
        TableGauges gauges = gauges(table);
        gauges.sourceRows.set(sourceRows);
        gauges.done.reset();
        gauges.done.add(alreadyDone);
    }

    public void batchWrite(String table, long nanos) {
        Timer.builder("migrator.batch.write").description("Time to write one batch and its checkpoint").tag("table", table)
                .serviceLevelObjectives(BUCKETS).register(registry).record(Duration.ofNanos(nanos));
    }

    public void sourceRequest(String table, String status, long nanos) {
        Timer.builder("migrator.source.request").description("Time of one request to the source's REST API")
                .tags("table", table, "status", status).serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofNanos(nanos));
        sourceUp.set("error".equals(status) ? 0 : 1);
    }

    public void sourceReachable(boolean reachable) {
        sourceUp.set(reachable ? 1 : 0);
    }

    public void sourceRetry(String table, String reason) {
        Counter.builder("migrator.source.retries").description("Source requests tried again after a transient failure")
                .tags("table", table, "reason", reason).register(registry).increment();
    }

    private Counter counter(String name, String table, String description) {
        return Counter.builder(name).description(description).tag("table", table).register(registry);
    }

    private TableGauges gauges(String table) {
        return tables.computeIfAbsent(table, t -> {
            TableGauges gauges = new TableGauges();
            Gauge.builder("migrator.source.rows", gauges.sourceRows, AtomicLong::get).tag("table", t)
                    .description("Rows in the source table when it was last counted").register(registry);
            Gauge.builder("migrator.progress.ratio", gauges, TableGauges::ratio).tag("table", t)
                    .description("Rows written or dead-lettered, as a share of the source rows").register(registry);
            return gauges;
        });
    }

    private static final class TableGauges {
        final AtomicLong sourceRows = new AtomicLong();
        final LongAdder done = new LongAdder();

        double ratio() {
            long total = sourceRows.get();
            return total == 0 ? 0 : Math.min(1.0, done.sum() / (double) total);
        }
    }
}
