package io.outputcache.internal.near;

import io.outputcache.OutputCacheConfig;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.config.NearCacheSettings;
import io.outputcache.internal.entry.DecodedMemo;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import org.redisson.api.RedissonClient;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** Puts the near cache in front of the filter's store when the configuration asks for one. */
public final class NearCaching {
    private NearCaching() {
    }

    /**
     * The store the engine runs on: {@code store} itself, or the near cache in front of it. Its invalidation channel
     * runs on the application's {@code redissonClient} when one is given, else on the Redis store's own client.
     *
     * @param nearHits counts reads the near cache answered
     * @param flushes  counts the times the near cache was emptied because invalidations may have been missed
     * @throws InvalidConfigurationException when there is no Redis client to carry invalidations, or no Caffeine
     */
    public static PageStore around(OutputCacheConfig config, PageStore store, LongAdder nearHits, LongAdder flushes) {
        if (config.nearCache().isEmpty()) {
            return store;
        }
        NearCacheSettings settings = config.nearCache().get();
        RedissonClient client = config.redissonClient()
                .or(() -> store instanceof RedisPageStore redis ? Optional.of(redis.redisson()) : Optional.empty())
                .orElseThrow(() -> new InvalidConfigurationException("near-cache-max-size needs a Redis client for its"
                        + " invalidation channel, but the store given in code (" + store.describe()
                        + ") is not a RedisPageStore: give the redissonClient too, or drop near-cache-max-size"));
        try {
            Class.forName("com.github.benmanes.caffeine.cache.Caffeine", false, NearCaching.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new InvalidConfigurationException("near-cache-max-size needs com.github.ben-manes.caffeine:caffeine"
                    + " on the classpath");
        }
        NearCache cache = new NearCache(settings.maxSize(), config.clock());
        InvalidationChannel channel = new InvalidationChannel(client, config.keyPrefix(), cache,
                settings.heartbeatInterval(), settings.silenceLimit(), flushes);
        return new NearCachedPageStore(store, cache, channel, nearHits);
    }

    /** The pages the near cache in front of the store (if {@code store} is one made by {@link #around}) decoded. */
    public static DecodedMemo memo(PageStore store) {
        return store instanceof NearCachedPageStore near ? near : DecodedMemo.NONE;
    }
}
