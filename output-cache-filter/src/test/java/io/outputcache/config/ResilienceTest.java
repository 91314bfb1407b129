package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilienceTest {

    @Test
    void defaults() {
        Resilience r = Resilience.builder().build();
        assertThat(r).isEqualTo(Resilience.DEFAULT);
        assertThat(r.storeTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(r.coalesceWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.renderTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.breakerFailureThreshold()).isEqualTo(5);
        assertThat(r.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.errorLogInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toStringSpellsTheInitParams() {
        assertThat(Resilience.DEFAULT).hasToString("store-timeout=150ms, coalesce-wait=5s, render-timeout=30s,"
                + " breaker-failure-threshold=5, breaker-open-duration=5s, error-log-interval=10s");
    }

    @Test
    void storeTimeout_twice() {
        assertThatThrownBy(() -> Resilience.builder().storeTimeout(Duration.ofMillis(100)).storeTimeout(Duration.ofMillis(200)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("store-timeout was already set to PT0.1S");
    }

    @Test
    void coalesceWait_twice() {
        assertThatThrownBy(() -> Resilience.builder().coalesceWait(Duration.ZERO).coalesceWait(Duration.ZERO))
                .hasMessage("coalesce-wait was already set to PT0S");
    }

    @Test
    void breakerFailureThreshold_twice() {
        assertThatThrownBy(() -> Resilience.builder().breakerFailureThreshold(3).breakerFailureThreshold(3))
                .hasMessage("breaker-failure-threshold was already set to 3");
    }

    @Test
    void coalesceWaitMayBeZeroButNotNegative() {
        assertThat(Resilience.builder().coalesceWait(Duration.ZERO).build().coalesceWait()).isZero();
        assertThatThrownBy(() -> Resilience.builder().coalesceWait(Duration.ofMillis(-1)))
                .hasMessage("coalesce-wait must not be negative but was PT-0.001S");
    }

    @Test
    void breakerNeedsAtLeastOneFailure() {
        assertThatThrownBy(() -> Resilience.builder().breakerFailureThreshold(0))
                .hasMessage("breaker-failure-threshold must be at least 1 but was 0");
    }

    @Test
    void storeTimeoutMustBeShorterThanRenderTimeout() {
        assertThatThrownBy(() -> Resilience.builder().storeTimeout(Duration.ofSeconds(2)).renderTimeout(Duration.ofSeconds(2))
                .build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("store-timeout (2s) must be shorter than render-timeout (2s)");
    }

    @Test
    void theRecordChecksItselfWhenMadeDirectly() {
        assertThatThrownBy(() -> new Resilience(Duration.ofMillis(150), Duration.ZERO, Duration.ofSeconds(30), 5,
                Duration.ZERO, Duration.ofSeconds(10))).hasMessage("breaker-open-duration must be positive but was PT0S");
    }
}
