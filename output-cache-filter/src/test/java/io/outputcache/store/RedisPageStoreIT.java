package io.outputcache.store;

import io.outputcache.testing.RedisTopology;

/** The Redis store contract on one standalone Redis (the one {@code REDIS_URL} names, or a throwaway one). */
class RedisPageStoreIT extends RedisStoreContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.STANDALONE;
    }
}
