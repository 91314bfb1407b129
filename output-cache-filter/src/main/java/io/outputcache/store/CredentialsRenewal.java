package io.outputcache.store;

import io.outputcache.config.RedisCredentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When credentials from a {@code RedisCredentialsResolver} are asked for again: a pure schedule, tested with a
 * fixed clock. Expiring credentials are renewed at three quarters of their lifetime, so that a slow or failing
 * token service has a quarter of the lifetime (15 minutes of an hour's token) to answer before connections are
 * refused; credentials without an expiry are asked for on every new connection.
 */
final class CredentialsRenewal {
    /** Never renew more often than this, whatever the expiry says: a token service must not be hammered. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** After a failed renewal, try again within this, or sooner when expiry is closer. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private CredentialsRenewal() {
    }

    /** When to renew credentials fetched at {@code fetchedAt}; empty when they do not expire. */
    static Optional<Instant> renewAt(RedisCredentials credentials, Instant fetchedAt) {
        return credentials.expiresAt().map(expiry -> {
            Duration lifetime = Duration.between(fetchedAt, expiry);
            Duration wait = lifetime.multipliedBy(3).dividedBy(4);
            return fetchedAt.plus(wait.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : wait);
        });
    }

    /** After a renewal failed at {@code now}: when to try again (a quarter of what is left, within 1-30 s). */
    static Instant retryAt(Optional<Instant> expiresAt, Instant now) {
        Duration left = expiresAt.map(e -> Duration.between(now, e)).orElse(MAX_RETRY);
        Duration wait = left.dividedBy(4);
        if (wait.compareTo(MIN_INTERVAL) < 0) {
            wait = MIN_INTERVAL;
        } else if (wait.compareTo(MAX_RETRY) > 0) {
            wait = MAX_RETRY;
        }
        return now.plus(wait);
    }

    /** Whether credentials held may authenticate a new connection at {@code now} without asking the resolver. */
    static boolean reusable(RedisCredentials credentials, Instant now) {
        return credentials.expiresAt().map(now::isBefore).orElse(false);
    }
}
