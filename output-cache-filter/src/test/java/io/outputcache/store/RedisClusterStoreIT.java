package io.outputcache.store;

import io.outputcache.testing.RedisCluster;
import io.outputcache.testing.RedisTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis store contract on a Redis Cluster of three masters (redis-mode cluster). Every test must leave the
 * cluster without a single CROSSSLOT error reply: a script or multi-key command whose keys live in different
 * slots is refused by the cluster, which on a real deployment would turn tags and clear into silent misses.
 */
class RedisClusterStoreIT extends RedisStoreContract {
    private long crossSlotBefore;

    @Override
    public RedisTopology topology() {
        return RedisTopology.CLUSTER;
    }

    private RedisCluster cluster() {
        return topology().deployment().cluster();
    }

    @BeforeEach
    void countCrossSlotErrors() {
        crossSlotBefore = cluster().errorCount("CROSSSLOT");
    }

    @AfterEach
    void noCrossSlotErrors() {
        assertThat(cluster().errorCount("CROSSSLOT") - crossSlotBefore).as("CROSSSLOT error replies").isZero();
    }

    @Test
    void theCrossSlotCheckSeesACrossSlotCall() {
        // The check after each test is only worth something if it counts a refused call: make one on purpose.
        RedisCluster c = cluster();
        long before = c.errorCount("CROSSSLOT");
        assertThatThrownBy(() -> c.masters().get(0).call("MGET", prefix + ":a", prefix + ":b", prefix + ":c"))
                .hasMessageContaining("CROSSSLOT");
        assertThat(c.errorCount("CROSSSLOT")).isEqualTo(before + 1);
        crossSlotBefore = before + 1;
    }

    @Test
    void entriesOfOneTagSpreadOverEveryMasterAndAllGo() {
        for (int i = 0; i < 30; i++) {
            join(store.put("p:spread" + i, bytes("v"), Duration.ofMinutes(1), List.of("spread")));
        }
        // the test only proves something if the entries really live on different masters
        assertThat(cluster().masters()).allSatisfy(node -> assertThat(keysOn(node.port(), "p:*")).isPositive());
        assertThat(join(store.invalidateTag("spread"))).isEqualTo(30);
        // left: the tag's mark and the epoch, which keep renders under way from storing
        assertThat(cluster().masters()).allSatisfy(node -> assertThat(keysOn(node.port(), "p:*")).isZero());
    }

    @Test
    void getAllOfKeysOnEveryMasterIsOneMgetPerSlotAndNoSingleGet() {
        List<String> keys = new java.util.ArrayList<>();
        // 40 keys: with 12, a random prefix left one master empty about once in 40 runs (3 * (2/3)^12)
        for (int i = 0; i < 40; i++) {
            join(store.put("f:mget" + i, bytes("v" + i), Duration.ofMinutes(1), List.of()));
            keys.add("f:mget" + i);
        }
        assertThat(cluster().masters()).allSatisfy(node -> assertThat(keysOn(node.port(), "f:*")).isPositive());
        long slots = keys.stream().map(k -> cluster().masters().get(0).call("CLUSTER", "KEYSLOT", prefix + ":" + k))
                .distinct().count();
        long mgets = cluster().commandCount("mget");
        long gets = cluster().commandCount("get");

        assertThat(join(store.getAll(keys))).hasSize(40);

        // Redisson sends each master one pipelined batch with one MGET per slot: never a cross-slot MGET.
        assertThat(cluster().commandCount("mget") - mgets).isEqualTo(slots);
        assertThat(cluster().commandCount("get") - gets).isZero();
    }

    @Test
    void clearEmptiesEveryMaster() {
        for (int i = 0; i < 30; i++) {
            join(store.put("f:c" + i, bytes("v"), Duration.ofMinutes(1), List.of("c" + i)));
        }
        assertThat(cluster().masters()).allSatisfy(node -> assertThat(keysOn(node.port(), "*")).isPositive());
        join(store.clear());
        // left: the epoch and the clear mark (two keys, each on one master)
        assertThat(cluster().masters()).allSatisfy(node -> assertThat(keysOn(node.port(), "[ft]:*")).isZero());
        assertThat(cluster().masters().stream().mapToLong(node -> keysOn(node.port(), "*")).sum()).isEqualTo(2);
    }

    /** Keys under this test's prefix matching {@code pattern} held by the master on {@code port} (SCAN there). */
    private long keysOn(int port, String pattern) {
        RedisCluster c = cluster();
        return c.masters().stream().filter(n -> n.port() == port).findFirst().orElseThrow()
                .scanCount(prefix + ":" + pattern);
    }
}
