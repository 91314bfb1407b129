package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;

/** The two-node near cache tests on a TLS Redis (certificate verified against the test CA). */
class NearCacheTlsIT extends NearCacheContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.TLS;
    }
}
