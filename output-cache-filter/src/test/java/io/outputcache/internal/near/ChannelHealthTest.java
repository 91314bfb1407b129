package io.outputcache.internal.near;

import io.outputcache.internal.near.ChannelHealth.Change;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelHealthTest {
    private static final long MS = 1_000_000L;
    private final ChannelHealth health = new ChannelHealth(Duration.ofSeconds(1));

    @Test
    void startsDownSoNothingFillsBeforeTheSubscriptionIsConfirmed() {
        assertThat(health.up()).isFalse();
        assertThat(health.tick(0)).isEqualTo(Change.NONE);
    }

    @Test
    void aSubscriptionBringsItUpFromEmpty() {
        assertThat(health.subscribed(0)).isEqualTo(Change.UP);
        assertThat(health.up()).isTrue();
    }

    @Test
    void aResubscriptionWhileUpEmptiesTheCacheAgain() {
        health.subscribed(0);
        // a reconnect may have happened in between without any unsubscribe event
        assertThat(health.subscribed(10 * MS)).isEqualTo(Change.UP);
    }

    @Test
    void anUnsubscribeTakesItDownOnce() {
        health.subscribed(0);
        assertThat(health.unsubscribed()).isEqualTo(Change.DOWN);
        assertThat(health.unsubscribed()).isEqualTo(Change.NONE);
        assertThat(health.up()).isFalse();
    }

    @Test
    void consecutiveHeartbeatsKeepItUp() {
        health.subscribed(0);
        assertThat(health.ownHeartbeat(0, 250 * MS)).isEqualTo(Change.NONE);
        assertThat(health.ownHeartbeat(1, 500 * MS)).isEqualTo(Change.NONE);
        assertThat(health.tick(1400 * MS)).isEqualTo(Change.NONE);
    }

    @Test
    void aMissingHeartbeatEmptiesTheCache() {
        health.subscribed(0);
        health.ownHeartbeat(0, 250 * MS);
        // heartbeat 1 was lost: so may an invalidation have been
        assertThat(health.ownHeartbeat(2, 750 * MS)).isEqualTo(Change.UP);
        assertThat(health.up()).isTrue();
    }

    @Test
    void aLateDuplicateHeartbeatChangesNothing() {
        health.subscribed(0);
        health.ownHeartbeat(3, 250 * MS);
        assertThat(health.ownHeartbeat(2, 300 * MS)).isEqualTo(Change.NONE);
    }

    @Test
    void silenceLongerThanTheLimitTakesItDown() {
        health.subscribed(0);
        health.ownHeartbeat(0, 100 * MS);
        assertThat(health.tick(1100 * MS)).isEqualTo(Change.NONE);
        assertThat(health.tick(1101 * MS)).isEqualTo(Change.DOWN);
        assertThat(health.up()).isFalse();
    }

    @Test
    void aHeartbeatAfterSilenceBringsItBackUp() {
        health.subscribed(0);
        health.tick(2000 * MS);
        assertThat(health.ownHeartbeat(7, 2100 * MS)).isEqualTo(Change.UP);
    }

    @Test
    void aFailedPublishTakesItDownUntilAHeartbeatArrives() {
        health.subscribed(0);
        health.ownHeartbeat(0, 250 * MS);
        assertThat(health.publishFailed()).isEqualTo(Change.DOWN);
        assertThat(health.ownHeartbeat(2, 750 * MS)).isEqualTo(Change.UP);
    }
}
