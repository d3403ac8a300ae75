package org.supabasemigrator.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.enterprise.event.Observes;

import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.event.PageRead;
import org.supabasemigrator.model.event.RowDeadLettered;
import org.supabasemigrator.model.event.RowsWritten;
import org.supabasemigrator.model.event.RunStateChanged;
import org.supabasemigrator.model.event.SourceAnswered;
import org.supabasemigrator.model.event.SourceRetried;
import org.supabasemigrator.model.event.SourceRowsCounted;
import org.supabasemigrator.model.event.TableStarted;
import org.supabasemigrator.source.SourcePermits;

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
 * <li>{@code migrator_source_in_flight_limit} (source requests that may be in flight, learnt from their round
 * trips) and {@code migrator_source_readers} (key ranges being read)</li>
 * <li>{@code migrator_source_retries_total} (by reason)</li>
 * </ul>
 * The pipeline announces what happened as CDI events ({@code model.event}); this edge of the service observes
 * them, so no stage depends on it.
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

    public MigrationMetrics(MeterRegistry registry, SourcePermits permits) {
        this.registry = registry;
        for (RunState state : RunState.values()) {
            AtomicInteger value = new AtomicInteger();
            runState.put(state, value);
            Gauge.builder("migrator.run.state", value, AtomicInteger::get).tag("state", state.name())
                    .description("1 for the state of the latest run, 0 for the others").register(registry);
        }
        Gauge.builder("migrator.source.up", sourceUp, AtomicInteger::get)
                .description("1 while the source answers, 0 after it could not be reached").register(registry);
        Gauge.builder("migrator.source.in.flight.limit", permits, SourcePermits::limit)
                .description("Source requests that may be in flight now, learnt from their round trips").register(registry);
        Gauge.builder("migrator.source.readers", permits, SourcePermits::readers)
                .description("Key ranges being read now").register(registry);
    }

    void runState(@Observes RunStateChanged changed) {
        runState.forEach((s, value) -> value.set(s == changed.state() ? 1 : 0));
    }

    void read(@Observes PageRead page) {
        counter("migrator.rows.read", page.table(), "Rows received from the source").increment(page.rows());
    }

    void written(@Observes RowsWritten batch) {
        counter("migrator.rows.written", batch.table(), "Rows committed to the target").increment(batch.rows());
        gauges(batch.table()).done.add(batch.rows());
        Timer.builder("migrator.batch.write").description("Time to write one batch and its checkpoint")
                .tag("table", batch.table()).serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofNanos(batch.nanos()));
    }

    void deadLettered(@Observes RowDeadLettered row) {
        counter("migrator.rows.dead.lettered", row.table(), "Rows the target refused, kept in the dead-letter store")
                .increment();
        gauges(row.table()).done.add(1);
    }

    /** A table (re)starts: progress counts from what its checkpoints already hold. */
    void tableStarted(@Observes TableStarted started) {
        TableGauges gauges = gauges(started.table());
        gauges.sourceRows.set(started.sourceRows());
        gauges.done.reset();
        gauges.done.add(started.alreadyDone());
    }

    void counted(@Observes SourceRowsCounted counted) {
        gauges(counted.table()).sourceRows.set(counted.rows());
    }

    void sourceRequest(@Observes SourceAnswered answer) {
        Timer.builder("migrator.source.request").description("Time of one request to the source's REST API")
                .tags("table", answer.table(), "status", answer.status()).serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofNanos(answer.nanos()));
        sourceUp.set("error".equals(answer.status()) ? 0 : 1);
    }

    public void sourceReachable(boolean reachable) {
        sourceUp.set(reachable ? 1 : 0);
    }

    void sourceRetry(@Observes SourceRetried retry) {
        Counter.builder("migrator.source.retries").description("Source requests tried again after a transient failure")
                .tags("table", retry.table(), "reason", retry.reason()).register(registry).increment();
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
