package io.outputcache.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the environment sets at least one {@code outputcache.*} property and not
 * {@code outputcache.enabled=false}: the library on the classpath alone changes nothing (an application that
 * registers the filter itself keeps one filter), and any option at all turns the cache on and is checked.
 */
final class OnOutputCacheProperties extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String enabled = environment.getProperty(OutputCacheProperties.PREFIX + "." + OutputCacheProperties.ENABLED);
        if (enabled != null && enabled.trim().equalsIgnoreCase("false")) {
            return ConditionOutcome.noMatch("outputcache.enabled is false");
        }
        return OutputCacheProperties.anyIn(environment)
                ? ConditionOutcome.match("outputcache.* properties are set")
                : ConditionOutcome.noMatch("no outputcache.* property is set");
    }
}
