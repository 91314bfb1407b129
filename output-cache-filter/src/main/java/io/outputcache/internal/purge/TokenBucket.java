package io.outputcache.internal.purge;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket: holds at most {@code perSecond} tokens, refilled at {@code perSecond} a second; each purge takes
 * one. A burst of {@code perSecond} purges is allowed at once, and no more than {@code perSecond} a second on
 * average. Pure apart from its own state: the caller gives the time.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int capacity;
    private final long nanosPerToken;
    private double tokens;
    private Instant last;

    TokenBucket(int perSecond, Instant start) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a bucket needs at least one token a second but got " + perSecond);
        }
        this.capacity = perSecond;
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.tokens = perSecond;
        this.last = start;
    }

    /** Takes a token: empty when one was there, else how long until one will be. */
    synchronized Optional<Duration> take(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        long waitNanos = (long) Math.ceil((1 - tokens) * nanosPerToken);
        return Optional.of(Duration.ofNanos(Math.max(1, waitNanos)));
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            long elapsed = Duration.between(last, now).toNanos();
            tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
            last = now;
        }
        // A clock that steps back adds nothing and keeps the later time as the reference: no free tokens.
    }
}
