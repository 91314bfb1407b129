package io.outputcache.demo.shop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data cache's breaker, driven with fixed instants. */
class BreakerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final Breaker breaker = new Breaker(3, Duration.ofSeconds(2));

    @Test
    void aClosedBreakerLetsEveryCallThrough() {
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.tryAcquire(T0)).isTrue();
            breaker.succeeded();
        }
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    }

    @Test
    void itOpensAfterTheThresholdOfConsecutiveFailures() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
        assertThat(breaker.tryAcquire(T0.plusMillis(1999))).isFalse();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        fail(2);
        breaker.tryAcquire(T0);
        breaker.succeeded();
        fail(2);
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    }

    @Test
    void afterTheOpenTimeExactlyOneProbeGoes() {
        fail(3);
        Instant later = T0.plusSeconds(2);
        assertThat(breaker.tryAcquire(later)).isTrue();
        assertThat(breaker.state()).isEqualTo(Breaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire(later)).as("a second caller while the probe is out").isFalse();
    }

    @Test
    void aProbeThatAnswersClosesTheBreaker() {
        fail(3);
        breaker.tryAcquire(T0.plusSeconds(2));
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(breaker.tryAcquire(T0.plusSeconds(2))).isTrue();
    }

    @Test
    void aProbeThatFailsOpensItForAnotherPeriod() {
        fail(3);
        Instant probe = T0.plusSeconds(2);
        breaker.tryAcquire(probe);
        breaker.failed(probe);
        assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
        assertThat(breaker.tryAcquire(probe.plusMillis(1999))).isFalse();
        assertThat(breaker.tryAcquire(probe.plusSeconds(2))).isTrue();
    }

    @Test
    void aLateAnswerFromBeforeTheOpeningDoesNotCloseIt() {
        fail(3);
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    }

    @Test
    void untilProbeIsTheRestOfTheOpenTimeAndZeroOtherwise() {
        assertThat(breaker.untilProbe(T0)).isEqualTo(Duration.ZERO);
        fail(3);
        assertThat(breaker.untilProbe(T0.plusMillis(500))).isEqualTo(Duration.ofMillis(1500));
        assertThat(breaker.untilProbe(T0.plusSeconds(3))).isEqualTo(Duration.ZERO);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Breaker(0, Duration.ofSeconds(1))).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new Breaker(1, Duration.ZERO)).hasMessageContaining("open time");
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire(T0)).isTrue();
            breaker.failed(T0);
        }
    }
}
