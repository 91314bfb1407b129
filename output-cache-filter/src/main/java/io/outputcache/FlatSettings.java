package io.outputcache;

import io.outputcache.config.KeySpace;
import io.outputcache.config.LeakGuardSettings;
import io.outputcache.config.ProxyHeaders;
import io.outputcache.config.RedisSettings;
import io.outputcache.config.Resilience;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of an {@link OutputCacheConfig} that live in one of its parts, read one by one: the accessors that
 * existed before the parts did, so that code and tests written against them read on. Each one only reads its part.
 */
public interface FlatSettings {

    RedisSettings redis();

    KeySpace keySpace();

    Resilience resilience();

    ProxyHeaders proxyHeaders();

    LeakGuardSettings leakGuardSettings();

    /** Prefix of every Redis key this filter writes. */
    default String keyPrefix() {
        return keySpace().prefix();
    }

    /** Host names (lower-case) whose requests may be cached; empty means every host, each keyed separately. */
    default Set<String> allowedHosts() {
        return keySpace().allowedHosts();
    }

    /** The Redis addresses, without credentials. */
    default List<String> redisUrls() {
        return redis().topology().addresses();
    }

    default Optional<String> redisUsername() {
        return redis().username();
    }

    default Optional<String> redisPassword() {
        return redis().password();
    }

    default Duration storeTimeout() {
        return resilience().storeTimeout();
    }

    default Duration coalesceWait() {
        return resilience().coalesceWait();
    }

    default Duration renderTimeout() {
        return resilience().renderTimeout();
    }

    default int breakerFailureThreshold() {
        return resilience().breakerFailureThreshold();
    }

    default Duration breakerOpenDuration() {
        return resilience().breakerOpenDuration();
    }

    default Duration errorLogInterval() {
        return resilience().errorLogInterval();
    }

    /** Request header fields (lower-case) whose values become part of every key. */
    default List<String> keyedForwardingHeaders() {
        return proxyHeaders().keyed();
    }

    /** Request header fields (lower-case) that make a request bypass the cache. */
    default List<String> bypassHeaders() {
        return proxyHeaders().bypass();
    }

    /** Whether a body containing this user's session id, principal name, CSRF token or per-user cookie is refused. */
    default boolean leakGuard() {
        return leakGuardSettings().enabled();
    }

    default List<String> leakGuardCookies() {
        return leakGuardSettings().cookies();
    }

    default List<String> leakGuardHeaders() {
        return leakGuardSettings().headers();
    }

    default List<String> leakGuardAttributes() {
        return leakGuardSettings().attributes();
    }

    default int leakGuardMinLength() {
        return leakGuardSettings().minLength();
    }
}
