package org.supabasemigrator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How many source requests may be in flight: as many as keep the source as busy as it may be, no more. */
class InFlightLimitTest {

    static final long MS = 1_000_000L;
    static final int BUSY = 6;
    static final int MAX = 32;

    long now = 0;
    final InFlightLimit limit = new InFlightLimit(BUSY, MAX, now);

    int answer(long ms) {
        now += ms * MS;
        return limit.answered(ms * MS, now, true);
    }

    /** A request for something small: a first row, a key, the description. */
    int smallAnswer(long ms) {
        now += ms * MS;
        return limit.answered(ms * MS, now, false);
    }

    @Test
    void nextToTheSourceItStaysAtTheBusyConnections() {
        smallAnswer(2); // about all of a small request is the source's own work, none the network's
        for (int i = 0; i < 200; i++) {
            assertThat(answer(i % 3 == 0 ? 30 : 55)).isEqualTo(BUSY);
        }
    }

    @Test
    void smallRequestsAloneTeachOnlyTheRoundTrip() {
        for (int i = 0; i < 50; i++) {
            assertThat(smallAnswer(151)).isEqualTo(BUSY);
        }
    }

    @Test
    void farFromTheSourceItGrowsByOneAnswerAtATimeToTheCeiling() {
        smallAnswer(151); // a small request 150 ms away
        assertThat(limit.limit()).isEqualTo(BUSY);
        for (int i = 0; i < 20; i++) {
            answer(160); // pages: 9 ms of each at the source
        }
        assertThat(limit.limit()).isEqualTo(BUSY + 20);
        for (int i = 0; i < 20; i++) {
            answer(160);
        }
        assertThat(limit.limit()).isEqualTo(MAX);
    }

    @Test
    void itKeepsTheSourceAsBusyAsItMayBeWhenTheSourceSlowsDown() {
        smallAnswer(151);
        for (int i = 0; i < 40; i++) {
            answer(160);
        }
        assertThat(limit.limit()).isEqualTo(MAX);
        // requests now queue at the source: 200 of 350 ms are its own, so 6 x 350 / 200 = 10.5 keep it at six
        for (int i = 0; i < 40; i++) {
            answer(350);
        }
        assertThat(limit.limit()).isBetween(10, 11);
    }

    @Test
    void aSourceThatShedsLoadGetsTheBusyConnectionsItWasGiven() {
        smallAnswer(151);
        for (int i = 0; i < 40; i++) {
            answer(160);
        }
        assertThat(limit.overloaded()).isEqualTo(BUSY);
        assertThat(answer(160)).as("and grows again from there").isEqualTo(BUSY + 1);
    }

    @Test
    void theNetworksShareIsForgottenOnceTwoWindowsOld() {
        smallAnswer(2); // measured next to the source
        for (int i = 0; i < 10; i++) {
            answer(160);
        }
        assertThat(limit.limit()).as("2 ms is all the network takes, 158 ms the source's own").isEqualTo(BUSY);
        // the service now talks to a source 150 ms away; a minute later 2 ms is still the least seen
        now += 61_000 * MS;
        answer(160);
        assertThat(limit.limit()).isEqualTo(BUSY);
        now += 61_000 * MS;
        for (int i = 0; i < 60; i++) {
            answer(160);
        }
        assertThat(limit.limit()).isEqualTo(MAX);
    }

    @Test
    void theCeilingIsNeverBelowTheBusyConnections() {
        assertThatThrownBy(() -> new InFlightLimit(8, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new InFlightLimit(4, 4, 0).answered(150 * MS, 150 * MS, true)).isEqualTo(4);
    }
}
