package io.outputcache.store;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.testing.RedisTopology;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store contract over TLS ({@code rediss://}, a server that accepts TLS only, with a CA made for the
 * run). The store trusts the test CA through {@code redisson-config}; without it, the certificate is checked
 * against the JVM's trusted CAs and the connection is refused.
 */
class RedisTlsStoreIT extends RedisStoreContract {
    @Override
    public RedisTopology topology() {
        return RedisTopology.TLS;
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedByDefault() {
        String url = topology().deployment().urls().get(0);
        try (PageStore untrusting = RedisPageStore.connect(OutputCacheConfig.builder().redisUrl(url)
                .keyPrefix(TestRedis.newPrefix()).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("x").include("/").build()).build())) {
            assertThat(untrusting.put("p:x", bytes("x"), Duration.ofMinutes(1), List.of()).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableThat().withStackTraceContaining("PKIX");
        }
    }
}
