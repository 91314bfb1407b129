package io.outputcache;

import io.outputcache.testing.TestRedis;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invariants checked after tests that write to Redis: every key expires, and no render lease is left held. */
public final class RedisInvariants {
    private RedisInvariants() {
    }

    public static void assertEveryKeyExpires(String prefix) {
        RedissonClient redis = TestRedis.inspector();
        // Leases are released right after the page is stored, in the background.
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(redis.getKeys().getKeysStreamByPattern(prefix + ":l:*").toList()).as("render leases left").isEmpty());
        List<String> keys = redis.getKeys().getKeysStreamByPattern(prefix + ":*").toList();
        for (String key : keys) {
            long ttl = redis.getKeys().remainTimeToLive(key);
            assertThat(ttl).as("TTL of %s (-1 = none, -2 = gone)", key).isNotEqualTo(-1L);
        }
    }
}
