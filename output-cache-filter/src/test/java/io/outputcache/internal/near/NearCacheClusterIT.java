package io.outputcache.internal.near;

import io.outputcache.testing.RedisTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-node near cache tests on a local 3-master Redis Cluster: the channel crosses the cluster bus. */
class NearCacheClusterIT extends NearCacheContract {
    /**
     * The cluster is shared by every cluster test of the run, and one of them provokes a CROSSSLOT reply on purpose
     * (to prove the counter works): count from where this test starts.
     */
    private long crossSlotBefore;

    @Override
    public RedisTopology topology() {
        return RedisTopology.CLUSTER;
    }

    @BeforeEach
    void countCrossSlotErrorsSoFar() {
        crossSlotBefore = topology().deployment().cluster().errorCount("CROSSSLOT");
    }

    @AfterEach
    void noCrossSlotErrors() {
        assertThat(topology().deployment().cluster().errorCount("CROSSSLOT") - crossSlotBefore)
                .as("CROSSSLOT error replies").isZero();
    }
}
