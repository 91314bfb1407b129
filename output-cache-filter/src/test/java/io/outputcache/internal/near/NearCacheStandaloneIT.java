package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;

/** The two-node near cache tests on the standalone test Redis. */
class NearCacheStandaloneIT extends NearCacheContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.STANDALONE;
    }
}
