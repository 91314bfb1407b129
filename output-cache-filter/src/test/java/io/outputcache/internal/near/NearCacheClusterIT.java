package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;

/** The two-node near cache tests on a local 3-master Redis Cluster: the channel crosses the cluster bus. */
class NearCacheClusterIT extends NearCacheContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.CLUSTER;
    }
}
