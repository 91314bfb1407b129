package io.outputcache.spring;

import io.outputcache.config.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by the output cache's configuration into Boot's "APPLICATION FAILED TO START"
 * report: the message that names the property, and where the options are documented, instead of a stack of
 * bean creation exceptions. Registered in {@code META-INF/spring.factories}.
 */
final class OutputCacheFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("The output cache is misconfigured: " + cause.getMessage(),
                "Correct the outputcache.* property named above. Every outputcache.<name> property is the init-param"
                        + " <name> of docs/configuration.md, with the same values and defaults.", cause);
    }
}
