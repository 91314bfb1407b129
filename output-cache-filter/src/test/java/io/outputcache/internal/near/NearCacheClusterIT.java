package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-node near cache tests on a local 3-master Redis Cluster: the channel crosses the cluster bus. */
class NearCacheClusterIT extends NearCacheContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.CLUSTER;
    }

    @AfterEach
    void noCrossSlotErrors() {
        assertThat(topology().deployment().cluster().errorCount("CROSSSLOT")).isZero();
    }
}
