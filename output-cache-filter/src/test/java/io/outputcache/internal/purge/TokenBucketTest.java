package io.outputcache.internal.purge;

import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aFullBucketAllowsABurstOfItsRate() {
        TokenBucket bucket = new TokenBucket(3, clock.instant());
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(clock.instant())).isEmpty();
        }
        assertThat(bucket.take(clock.instant())).isPresent();
    }

    @Test
    void anEmptyBucketSaysHowLongUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, clock.instant());
        bucket.take(clock.instant());
        bucket.take(clock.instant());
        assertThat(bucket.take(clock.instant())).contains(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(200));
        assertThat(bucket.take(clock.instant())).contains(Duration.ofMillis(300));
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, clock.instant());
        for (int i = 0; i < 10; i++) {
            bucket.take(clock.instant());
        }
        clock.advance(Duration.ofMillis(100));
        assertThat(bucket.take(clock.instant())).isEmpty();
        assertThat(bucket.take(clock.instant())).isPresent();
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, clock.instant());
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.take(clock.instant())).isEmpty();
        assertThat(bucket.take(clock.instant())).isEmpty();
        assertThat(bucket.take(clock.instant())).isPresent();
    }

    @Test
    void aClockThatStepsBackGivesNoFreeTokens() {
        TokenBucket bucket = new TokenBucket(1, clock.instant());
        clock.advance(Duration.ofSeconds(10));
        bucket.take(clock.instant());
        assertThat(bucket.take(clock.instant().minusSeconds(5))).isPresent();
        assertThat(bucket.take(clock.instant())).isPresent();
        assertThat(bucket.take(clock.instant().plusSeconds(1))).isEmpty();
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, clock.instant())).isInstanceOf(IllegalArgumentException.class);
    }
}
