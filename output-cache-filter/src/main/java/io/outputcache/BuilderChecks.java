package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.internal.http.TargetedCacheControl;

/** The argument checks every configuration builder setter makes, each failure naming the option. */
final class BuilderChecks {
    private BuilderChecks() {
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static <T> T notNull(String option, T value) {
        if (value == null) {
            throw new InvalidConfigurationException(option + " must not be null");
        }
        return value;
    }

    static long bytes(String option, long bytes, boolean accepted, String range) {
        if (!accepted) {
            throw new InvalidConfigurationException(option + " must be " + range + " but was " + bytes);
        }
        return bytes;
    }

    static void unset(String option, Object current) {
        if (current != null) {
            throw InvalidConfigurationException.alreadySet(option, current);
        }
    }

    /** A targeted cache control field name of the site's own (RFC 9213), as {@link TargetedCacheControl} accepts. */
    static String targetedField(String option, String name) {
        try {
            TargetedCacheControl.withOwnField(name);
            return name;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(option + ": " + e.getMessage()
                    + "; it accepts one HTTP field name of the site's own, such as 'OutputCache-Control'");
        }
    }
}
