package io.outputcache.config;

import java.time.Duration;

/** The argument checks the configuration builders share; each failure names the option and the bad value. */
final class Check {
    private Check() {
    }

    static InvalidConfigurationException fail(String message) {
        return new InvalidConfigurationException(message);
    }

    static <T> T notNull(String option, T value) {
        if (value == null) {
            throw fail(option + " must not be null");
        }
        return value;
    }

    static void unset(String option, Object current) {
        if (current != null) {
            throw InvalidConfigurationException.alreadySet(option, current);
        }
    }

    static Duration positive(String option, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw fail(option + " must be positive but was " + d);
        }
        return d;
    }

    static Duration notNegative(String option, Duration d) {
        if (d == null || d.isNegative()) {
            throw fail(option + " must not be negative but was " + d);
        }
        return d;
    }

    /** A builder's value, or the default when the option was not set. */
    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
