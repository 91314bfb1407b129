package io.outputcache.spring;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheStats;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Actuator health of the output cache's store, from {@link OutputCache#stats()}: {@code UP} while the store
 * circuit breaker is closed (the store answers) or half-open (one probe is under way), {@code DOWN} while it is
 * open (the store failed; pages are rendered uncached until a probe succeeds). The application still serves every
 * request while the store is down, so leave this contributor out of a liveness group (or turn it off with
 * {@code management.health.outputcache.enabled=false}). Details: {@code breaker}, {@code storeErrors},
 * {@code breakerOpenings}, {@code breakerRejections}, {@code hitRatio}. Reading it makes no store call.
 */
public class OutputCacheHealthIndicator implements HealthIndicator {
    private final OutputCache cache;

    /** A health indicator of this cache. */
    public OutputCacheHealthIndicator(OutputCache cache) {
        this.cache = cache;
    }

    @Override
    public Health health() {
        return of(cache.stats());
    }

    /** The health that these counters show. */
    public static Health of(OutputCacheStats stats) {
        Health.Builder health = "open".equals(stats.breakerState()) ? Health.down() : Health.up();
        return health.withDetail("breaker", stats.breakerState())
                .withDetail("storeErrors", stats.storeErrors())
                .withDetail("breakerOpenings", stats.breakerOpenings())
                .withDetail("breakerRejections", stats.breakerRejections())
                .withDetail("hitRatio", stats.hitRatio())
                .build();
    }
}
