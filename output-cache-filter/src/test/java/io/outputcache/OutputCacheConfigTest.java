package io.outputcache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per builder rule, as Caffeine's builder tests do. */
class OutputCacheConfigTest {
    private static final CacheRule RULE = CacheRule.builder("pages").include("/**").build();

    private static OutputCacheConfig.Builder valid() {
        return OutputCacheConfig.builder().rule(RULE);
    }

    @Test
    void defaults() {
        OutputCacheConfig c = valid().build();
        assertThat(c.storeType()).isEqualTo(OutputCacheConfig.StoreType.REDIS);
        assertThat(c.redisUrls()).containsExactly("redis://127.0.0.1:6379");
        assertThat(c.keyPrefix()).isEqualTo("oc");
        assertThat(c.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(c.storeTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(c.allowedHosts()).isEmpty();
        assertThat(c.cacheStatusName()).isEqualTo("outputcache");
    }

    @Test
    void ruleNamesMustBeUnique() {
        assertThatThrownBy(() -> valid().rule(CacheRule.builder("pages").include("/x").build()))
                .hasMessageContaining("'pages' was added twice");
    }

    @Test
    void storeTwice() {
        var store = new io.outputcache.store.InMemoryPageStore(1 << 20);
        assertThatThrownBy(() -> valid().store(store).store(store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store was already set to memory");
    }

    @Test
    void redisUrlMustBeRedisScheme() {
        assertThatThrownBy(() -> valid().redisUrl("http://localhost:6379"))
                .hasMessageContaining("redis-url must start with redis:// or rediss://");
    }

    @Test
    void redisUrlCredentialsMoveOutOfTheUrlAndAreNeverShown() {
        OutputCacheConfig c = valid().redisUrl("rediss://app:p%40ss@cache.example:10000").build();
        assertThat(c.redisUrls()).containsExactly("rediss://cache.example:10000");
        assertThat(c.redisUsername()).contains("app");
        assertThat(c.redisPassword()).contains("p@ss");
        assertThat(c.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void badRedisUrlMessageHidesCredentials() {
        assertThatThrownBy(() -> valid().redisUrl("redis://u:secret@"))
                .hasMessageNotContaining("secret");
    }

    @Test
    void severalUrlsNeedClusterOrSentinel() {
        assertThatThrownBy(() -> valid().redisUrl("redis://a:1", "redis://b:2").build())
                .hasMessageContaining("set redis-mode to cluster or sentinel");
        assertThat(valid().redisUrl("redis://a:1", "redis://b:2").redisMode(OutputCacheConfig.RedisMode.CLUSTER).build()
                .redisUrls()).hasSize(2);
    }

    @Test
    void sentinelNeedsMasterName() {
        assertThatThrownBy(() -> valid().redisMode(OutputCacheConfig.RedisMode.SENTINEL).build())
                .hasMessageContaining("redis-sentinel-master");
    }

    @Test
    void keyPrefixIsChecked() {
        assertThatThrownBy(() -> valid().keyPrefix("my app")).hasMessageContaining("key-prefix must be");
    }

    @Test
    void maxBodySizeMustBePositive() {
        assertThatThrownBy(() -> valid().maxBodySize(0)).hasMessageContaining("max-body-size must be between 1 and 2GiB");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> valid().storeTimeout(Duration.ZERO)).hasMessage("store-timeout must be positive but was PT0S");
        assertThatThrownBy(() -> valid().renderTimeout(Duration.ofSeconds(-1))).hasMessageContaining("render-timeout");
    }

    @Test
    void storeTimeoutMustBeShorterThanRenderTimeout() {
        assertThatThrownBy(() -> valid().storeTimeout(Duration.ofSeconds(5)).renderTimeout(Duration.ofSeconds(5)).build())
                .hasMessageContaining("must be shorter than render-timeout");
    }

    @Test
    void allowedHostsAreLowerCasedAndCheckedForPorts() {
        assertThat(valid().allowedHosts("Shop.Example").build().allowedHosts()).containsExactly("shop.example");
        assertThatThrownBy(() -> valid().allowedHosts("shop.example:8080")).hasMessageContaining("without scheme or port");
    }

    @Test
    void atLeastOneRule() {
        assertThatThrownBy(() -> OutputCacheConfig.builder().build()).hasMessageContaining("at least one rule");
    }

    @Test
    void toStringShowsSettings() {
        assertThat(valid().keyPrefix("shop").build().toString()).contains("key-prefix=shop").contains("CacheRule{pages");
    }
}
