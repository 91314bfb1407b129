package io.outputcache.store;

import io.outputcache.testing.RedisSentinels;
import io.outputcache.testing.RedisTopology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis store contract through Sentinel (redis-mode sentinel): a master, a replica and three Sentinels. */
class RedisSentinelStoreIT extends RedisStoreContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.SENTINEL;
    }

    // With Redisson's default readMode SLAVE a GET went to the replica and returned the page the master had just
    // invalidated; RedisConnections reads from the master (readMode MASTER), which this checks.
    @Test
    void anEntryInvalidatedOnTheMasterIsNotReadBackFromALaggingReplica() {
        RedisSentinels sentinels = topology().deployment().sentinels();
        join(store.put("p:lag", bytes("old page"), Duration.ofMinutes(1), List.of("lag")));
        sentinels.awaitReplicaInSync();
        // CLIENT PAUSE WRITE on the replica holds back the replication stream while reads are still answered:
        // the replica lags, as replicas do on a busy or distant link.
        assertThat(sentinels.replica().command("CLIENT", "PAUSE", "1500", "WRITE")).isEqualTo("+OK");
        try {
            assertThat(join(store.invalidateTag("lag"))).isEqualTo(1);
            assertThat(join(store.get("p:lag"))).as("read right after the invalidation").isNull();
        } finally {
            sentinels.replica().command("CLIENT", "UNPAUSE");
        }
    }
}
