package io.outputcache.internal.gateway;

import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, Duration.ofSeconds(5),
            (from, to) -> changes.add(from.label() + "->" + to.label()));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
    }

    @Test
    void staysClosedBelowTheThreshold() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        fail(2);
        breaker.onSuccess();
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void opensAtTheThresholdAndLetsNothingThroughWhileOpen() {
        fail(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        for (int i = 0; i < 100; i++) {
            assertThat(breaker.tryAcquire()).isFalse();
        }
        clock.advance(Duration.ofMillis(4999));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.rejections()).isEqualTo(101);
        assertThat(breaker.openings()).isEqualTo(1);
    }

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        fail(3);
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aSuccessfulProbeCloses() {
        fail(3);
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(changes).containsExactly("closed->open", "open->half-open", "half-open->closed");
        assertThat(breaker.stateChanges()).isEqualTo(3);
    }

    @Test
    void aFailedProbeOpensAgainForAnotherPeriod() {
        fail(3);
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(4));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.openings()).isEqualTo(2);
    }

    @Test
    void aLateSuccessOfACallMadeBeforeOpeningDoesNotCloseIt() {
        assertThat(breaker.tryAcquire()).isTrue(); // a slow call, still on its way
        fail(3);
        breaker.onSuccess(); // ... answers after the breaker opened
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void tripOpensAtOnceAndActsAsAFailedProbeWhenHalfOpen() {
        breaker.trip();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.trip();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).as("a new probe after the next period").isTrue();
    }
}
