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

/** The gates on the source: requests in flight and key ranges read, both following what the answers teach. */
class SourcePermitsTest {

    final DefaultCamelContext camel = new DefaultCamelContext();
    final SourcePermits permits = new SourcePermits(6, 32, 32);

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
            Exchange range = new DefaultExchange(camel);
            permits.startReading(range);
            ranges.add(range);
        }
        assertThat(permits.readers()).isEqualTo(16);
        ranges.forEach(permits::stopReading);
        assertThat(permits.readers()).isZero();
    }

    @Test
    void anOverloadedSourceSetsTheLimitBackAndWaitingRangesWaitForIt() throws Exception {
        answered(SourceRequest.Kind.VALUE, 200, 40);
        for (int i = 0; i < 10; i++) {
            answered(SourceRequest.Kind.PAGE, 200, 42);
        }
        List<Exchange> reading = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Exchange range = new DefaultExchange(camel);
            permits.startReading(range);
            reading.add(range);
        }
        answered(SourceRequest.Kind.PAGE, 503, 1);
        assertThat(permits.limit()).isEqualTo(6);

        CountDownLatch started = new CountDownLatch(1);
        Thread seventh = new Thread(() -> {
            try {
                permits.startReading(new DefaultExchange(camel));
                started.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        seventh.start();
        assertThat(started.await(200, TimeUnit.MILLISECONDS)).as("a seventh range waits").isFalse();
        permits.stopReading(reading.get(0));
        assertThat(started.await(5, TimeUnit.SECONDS)).as("and reads once one ends").isTrue();
    }

    @Test
    void noMoreRangesAreReadAtOnceThanTheHeapHoldsPagesOfAMegabyteFor() throws InterruptedException {
        SourcePermits smallHeap = new SourcePermits(6, 32, 16); // 256 MB: a sixteenth for 16 ranges of 1 MB
        answered(smallHeap, SourceRequest.Kind.VALUE, 200, 40);
        for (int i = 0; i < 30; i++) {
            answered(smallHeap, SourceRequest.Kind.PAGE, 200, 42);
        }
        assertThat(smallHeap.limit()).as("requests in flight").isEqualTo(32);
        assertThat(smallHeap.maxReaders()).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            smallHeap.startReading(new DefaultExchange(camel));
        }
        assertThat(smallHeap.readers()).isEqualTo(16);
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
