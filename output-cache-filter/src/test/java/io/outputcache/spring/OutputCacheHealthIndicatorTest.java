package io.outputcache.spring;

import io.outputcache.OutputCacheStats;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The health that the store breaker shows. */
class OutputCacheHealthIndicatorTest {

    private static OutputCacheStats stats(String breaker, long storeErrors) {
        return new OutputCacheStats(3, 0, 1, 1, 0, Map.of(), storeErrors, 0, 0, 0, 0, 0, 0, 0,
                breaker, 2, 5, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aClosedBreakerIsUp() {
        Health health = OutputCacheHealthIndicator.of(stats("closed", 0));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("breaker", "closed").containsEntry("storeErrors", 0L)
                .containsEntry("hitRatio", 0.75);
    }

    @Test
    void aHalfOpenBreakerIsUpWhileItsProbeRuns() {
        assertThat(OutputCacheHealthIndicator.of(stats("half-open", 7)).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anOpenBreakerIsDown() {
        Health health = OutputCacheHealthIndicator.of(stats("open", 7));
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("breaker", "open").containsEntry("storeErrors", 7L)
                .containsEntry("breakerOpenings", 2L).containsEntry("breakerRejections", 5L);
    }
}
