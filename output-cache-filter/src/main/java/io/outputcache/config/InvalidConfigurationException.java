package io.outputcache.config;

/**
 * The one exception for configuration the filter cannot run with: a value out of range or of the wrong form, an
 * option set twice, a combination that contradicts itself, an unknown init-param. Its message names the option (as
 * its init-param is spelt) and what it accepts, and never carries a password.
 *
 * <p>It is an {@link IllegalStateException}, as Caffeine's "was already set" is: the configuration the application
 * assembled is in a state the filter cannot start from. {@code OutputCacheFilter.init} turns it into a
 * {@code ServletException}, so that a misconfigured application fails at start-up.
 */
public final class InvalidConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Caffeine's rule, one message for every builder: an option is set once, so that two settings cannot disagree. */
    public static InvalidConfigurationException alreadySet(String option, Object current) {
        return new InvalidConfigurationException(option + " was already set to " + current);
    }
}
