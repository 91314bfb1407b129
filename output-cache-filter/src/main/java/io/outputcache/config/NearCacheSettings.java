package io.outputcache.config;

import java.time.Duration;

/**
 * The near cache: an in-process copy of entries read from Redis, in front of the Redis store, dropped on every
 * node when an entry is replaced or invalidated (see docs/operations.md, "Near cache").
 *
 * @param maxSize           bound of the copies, in bytes (keys and values as weighed)
 * @param heartbeatInterval how often each node publishes a heartbeat on the invalidation channel; a node that
 *                          hears none of its own for {@link #silenceLimit()} empties its near cache
 */
public record NearCacheSettings(long maxSize, Duration heartbeatInterval) {

    /** Heartbeats every 250 ms: a lost channel is noticed within a second even when Redisson reports nothing. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMillis(250);

    public NearCacheSettings {
        if (maxSize < 1024) {
            throw Check.fail("near-cache-max-size must be at least 1KiB but was " + maxSize);
        }
        Check.positive("near-cache heartbeat", heartbeatInterval);
    }

    /** A near cache of this many bytes with the default heartbeat. */
    public static NearCacheSettings ofMaxSize(long maxSize) {
        return new NearCacheSettings(maxSize, DEFAULT_HEARTBEAT);
    }

    /** How long without a heartbeat of its own before a node stops trusting its near cache: four heartbeats. */
    public Duration silenceLimit() {
        return heartbeatInterval.multipliedBy(4);
    }
}
