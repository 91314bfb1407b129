package io.outputcache;

import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.config.RedisSettings;
import io.outputcache.config.Resilience;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import static io.outputcache.BuilderChecks.notNull;

/**
 * The setters of {@link OutputCacheConfig.Builder} that only hand their value to the builder of one part's record
 * ({@link RedisSettings}, {@link Resilience}); kept apart so that the configuration's own builder stays readable.
 *
 * @param <B> the builder the setters return, for chaining
 */
abstract class RedisAndResilienceSetters<B extends RedisAndResilienceSetters<B>> {
    final RedisSettings.Builder redis = RedisSettings.builder();
    final Resilience.Builder resilience = Resilience.builder();

    abstract B self();

    /** Redis addresses, {@code redis://host:6379} ({@code rediss://} for TLS); credentials move out of them. */
    public B redisUrl(String... urls) {
        return redisUrls(List.of(urls));
    }

    public B redisUrls(Collection<String> urls) {
        redis.urls(urls);
        return self();
    }

    public B redisMode(RedisMode mode) {
        switch (notNull("redis-mode", mode)) {
            case CLUSTER -> redis.cluster();
            case SENTINEL -> redis.sentinel();
            default -> redis.standalone();
        }
        return self();
    }

    public B redisUsername(String username) {
        redis.username(username);
        return self();
    }

    public B redisPassword(String password) {
        redis.password(password);
        return self();
    }

    public B redisDatabase(int database) {
        redis.database(database);
        return self();
    }

    public B redisSentinelMaster(String masterName) {
        redis.sentinelMaster(masterName);
        return self();
    }

    /** A Redisson YAML configuration file, for settings this builder does not cover. */
    public B redissonConfigFile(Path file) {
        redis.redissonConfig(file);
        return self();
    }

    public B redisConnectTimeout(Duration timeout) {
        redis.connectTimeout(timeout);
        return self();
    }

    /** The Redis options that have no setter here (credentials resolver, TLS trust), on their own builder. */
    public B redis(Consumer<RedisSettings.Builder> options) {
        notNull("redis", options).accept(redis);
        return self();
    }

    /** How long a request waits for the store, all its calls together, before going on without it. */
    public B storeTimeout(Duration timeout) {
        resilience.storeTimeout(timeout);
        return self();
    }

    /** How long a request waits for another request's render of the same page before rendering itself. */
    public B coalesceWait(Duration wait) {
        resilience.coalesceWait(wait);
        return self();
    }

    /** The longest a render may hold its lease; after this another node may render the same page. */
    public B renderTimeout(Duration timeout) {
        resilience.renderTimeout(timeout);
        return self();
    }

    /** Consecutive store failures that open the circuit breaker. */
    public B breakerFailureThreshold(int failures) {
        resilience.breakerFailureThreshold(failures);
        return self();
    }

    /** How long the breaker stays open before one probe is let through. */
    public B breakerOpenDuration(Duration duration) {
        resilience.breakerOpenDuration(duration);
        return self();
    }

    /** Each distinct store error is logged at most once in this interval. */
    public B errorLogInterval(Duration interval) {
        resilience.errorLogInterval(interval);
        return self();
    }
}
