package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;

/** The two-node near cache tests through Sentinel (a master and a replica): pub/sub on the master Sentinel names. */
class NearCacheSentinelIT extends NearCacheContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.SENTINEL;
    }
}
