package io.outputcache.store;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisPageStoreIT extends PageStoreContract {
    private final String prefix = TestRedis.newPrefix();

    @Override
    protected PageStore create() {
        return RedisPageStore.connect(OutputCacheConfig.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("x").include("/").build()).build());
    }

    @Test
    void keysLiveUnderThePrefixAndAllExpire() {
        join(store.put("p:abc", bytes("x"), Duration.ofMinutes(1), List.of("nav")));
        var keys = TestRedis.inspector().getKeys();
        assertThat(keys.getKeysStreamByPattern(prefix + ":*").toList())
                .containsExactlyInAnyOrder(prefix + ":p:abc", prefix + ":t:nav");
        assertThat(keys.remainTimeToLive(prefix + ":p:abc")).isBetween(50_000L, 60_000L);
        assertThat(keys.remainTimeToLive(prefix + ":t:nav")).isBetween(50_000L, 60_000L);
    }

    @Test
    void tagIndexLivesAsLongAsItsLongestMember() {
        join(store.put("p:long", bytes("x"), Duration.ofMinutes(10), List.of("nav")));
        join(store.put("p:short", bytes("x"), Duration.ofMinutes(1), List.of("nav")));
        assertThat(TestRedis.inspector().getKeys().remainTimeToLive(prefix + ":t:nav")).isGreaterThan(9 * 60_000L);
    }

    @Test
    void valuesAreStoredAsTheExactBytes() {
        byte[] binary = {0, (byte) 0xff, 'O', 'C', 1};
        join(store.put("p:bin", binary, Duration.ofMinutes(1), List.of()));
        assertThat(TestRedis.inspector().<byte[]>getBucket(prefix + ":p:bin",
                org.redisson.client.codec.ByteArrayCodec.INSTANCE).get()).isEqualTo(binary);
    }
}
