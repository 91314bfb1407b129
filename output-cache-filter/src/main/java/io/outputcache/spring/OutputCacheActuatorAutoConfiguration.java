package io.outputcache.spring;

import io.outputcache.OutputCache;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator: the health contributor {@code outputcache} ({@link OutputCacheHealthIndicator}; off
 * with {@code management.health.outputcache.enabled=false}) and the endpoint {@code outputcache}
 * ({@link OutputCacheEndpoint}; created only when Actuator's exposure settings make it available).
 */
@AutoConfiguration(after = OutputCacheAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBean(OutputCache.class)
public class OutputCacheActuatorAutoConfiguration {

    /** Creates the auto-configuration (called by Spring). */
    public OutputCacheActuatorAutoConfiguration() {
    }

    /** The health contributor, named {@code outputcache} after the bean. */
    @Bean
    @ConditionalOnMissingBean(name = "outputcacheHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("outputcache")
    public OutputCacheHealthIndicator outputcacheHealthIndicator(OutputCache cache) {
        return new OutputCacheHealthIndicator(cache);
    }

    /** The endpoint, when exposed (and not disabled). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public OutputCacheEndpoint outputCacheEndpoint(OutputCache cache) {
        return new OutputCacheEndpoint(cache);
    }
}
