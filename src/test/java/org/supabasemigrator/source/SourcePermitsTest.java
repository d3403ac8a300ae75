package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunOptions;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableRun;

/** The gates on the source: requests in flight and key ranges read, both following what the answers teach. */
class SourcePermitsTest {

    static final long MB = 1024 * 1024;

    final DefaultCamelContext camel = new DefaultCamelContext();
    /** As with -Xmx256m: 16 MB for the pages of the ranges read at once, pages of 2.7 MB at most. */
    final SourcePermits permits = new SourcePermits(6, 32, 16 * MB, 2_800_000, 1000);

    /** A key range of a table whose first row weighs {@code rowBytes}, about to be read. */
    Exchange range(int rowBytes) {
        TableRun table = new MigrationRun(1, List.of("t"), new RunOptions(Mode.FULL, false, false, false))
                .planTables(List.of("t")).get(0);
        table.setFirstRowBytes(rowBytes);
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("slice", new Slice(table, 0, Slice.Purpose.COPY, null, null, null, null, 1000));
        return exchange;
    }

    Exchange request(SourceRequest.Kind kind) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(SourceRequests.REQUEST, new SourceRequest(kind, "t", "", "test", false, 0));
        return exchange;
    }

    /** A request that held its permit for {@code ms} and was answered with {@code status}. */
    void answered(SourceRequest.Kind kind, int status, long ms) throws InterruptedException {
        answered(permits, kind, status, ms);
    }

    void answered(SourcePermits gates, SourceRequest.Kind kind, int status, long ms) throws InterruptedException {
        Exchange exchange = request(kind);
        gates.acquire(exchange);
        TimeUnit.MILLISECONDS.sleep(ms);
        exchange.setProperty(SourceRequests.STATUS, status);
        gates.release(exchange);
    }

    /** A small request of 40 ms, then pages of 42: all but 2 ms of a request is the round trip. */
    void farFromTheSource(SourcePermits gates) throws InterruptedException {
        answered(gates, SourceRequest.Kind.VALUE, 200, 40);
        for (int i = 0; i < 30; i++) {
            answered(gates, SourceRequest.Kind.PAGE, 200, 42);
        }
    }

    /** A range that starts reading on a thread of its own; the latch opens once it reads. */
    CountDownLatch readingInTheBackground(Exchange range) {
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                permits.startReading(range);
                started.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.setDaemon(true);
        reader.start();
        return started;
    }

    @Test
    void pagesThatMostlyTravelLetMoreRequestsAndRangesGoAtOnce() throws InterruptedException {
        answered(SourceRequest.Kind.VALUE, 200, 40); // the round trip of a small request
        assertThat(permits.limit()).isEqualTo(6);
        for (int i = 0; i < 10; i++) {
            answered(SourceRequest.Kind.PAGE, 200, 42);
        }
        assertThat(permits.limit()).isEqualTo(16);

        List<Exchange> ranges = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Exchange range = range(300); // pages of 1000 rows of 300 bytes
            permits.startReading(range);
            ranges.add(range);
        }
        assertThat(permits.readers()).isEqualTo(16);
        ranges.forEach(permits::stopReading);
        assertThat(permits.readers()).isZero();
    }

    @Test
    void anOverloadedSourceSetsTheLimitBackAndWaitingRangesWaitForIt() throws Exception {
        farFromTheSource(permits);
        List<Exchange> reading = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Exchange range = range(300);
            permits.startReading(range);
            reading.add(range);
        }
        answered(SourceRequest.Kind.PAGE, 503, 1);
        assertThat(permits.limit()).isEqualTo(6);

        CountDownLatch started = readingInTheBackground(range(300));
        assertThat(started.await(200, TimeUnit.MILLISECONDS)).as("a seventh range waits").isFalse();
        permits.stopReading(reading.get(0));
        assertThat(started.await(5, TimeUnit.SECONDS)).as("and reads once one ends").isTrue();
    }

    @Test
    void rangesOfLargeRowsAreReadAFewAtATimeInFullPagesAndRangesOfSmallRowsMany() throws Exception {
        farFromTheSource(permits);
        assertThat(permits.limit()).as("requests in flight").isEqualTo(32);
        for (int i = 0; i < 6; i++) {
            permits.startReading(range(2500)); // a page of 1000 rows of 2.5 KB: 2.4 MB of the 16
        }
        assertThat(readingInTheBackground(range(2500)).await(200, TimeUnit.MILLISECONDS))
                .as("a seventh range of large rows waits").isFalse();

        SourcePermits fresh = new SourcePermits(6, 32, 16 * MB, 2_800_000, 1000);
        farFromTheSource(fresh);
        for (int i = 0; i < 11; i++) {
            fresh.startReading(range(1000)); // pages of 1000 rows of 1 KB: 1 MB each
        }
        assertThat(fresh.readers()).isEqualTo(11);
    }

    @Test
    void aRangesPagesGrowOnlyAsFarAsTheHeapsShareHasRoomAndShrinkingGivesItBack() throws InterruptedException {
        Exchange small = range(100); // expects pages of 100 KB
        permits.startReading(small);
        assertThat(permits.pageBudget(small, 2 * MB)).as("rows turned out larger: room to grow").isEqualTo(2 * MB);
        List<Exchange> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Exchange other = range(2800); // a full page of the budget each
            permits.startReading(other);
            others.add(other);
        }
        // 2 MB + 5 x 2.7 MB of 16 MB reserved: no room for a page of 2.7 MB, the page stays at what it holds
        assertThat(permits.pageBudget(small, 2_800_000)).isEqualTo(2 * MB);
        assertThat(permits.pageBudget(small, MB)).as("smaller rows give the rest back").isEqualTo(MB);
        assertThat(permits.pageBudget(new DefaultExchange(camel), 10 * MB)).as("outside a range: the page budget")
                .isEqualTo(2_735L * 1024);
        permits.stopReading(small);
        others.forEach(permits::stopReading);
        assertThat(permits.readers()).isZero();
    }

    @Test
    void aRequestWithoutAnAnswerTeachesNothing() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            Exchange refused = request(SourceRequest.Kind.PAGE);
            permits.acquire(refused);
            permits.release(refused); // connection refused: no status
        }
        assertThat(permits.limit()).isEqualTo(6);
    }
}
