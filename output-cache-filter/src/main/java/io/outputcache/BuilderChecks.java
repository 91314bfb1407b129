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

    /** The cache's name in {@code Cache-Status}: a token (RFC 9211 §2). */
    static String statusName(String option, String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidConfigurationException(option + " must be a token such as 'outputcache' but was '"
                    + name + "'");
        }
        return name;
    }

    /** The near cache copies Redis entries; in front of the memory store it would only hold them twice. */
    static void nearCacheNeedsRedis(boolean nearCache, boolean memoryStore) {
        if (nearCache && memoryStore) {
            throw new InvalidConfigurationException("near-cache-max-size is for the Redis store, but store is memory"
                    + " (already in this JVM): remove near-cache-max-size or use store=redis");
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
