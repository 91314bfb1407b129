package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.internal.webxml.InitParameters;
import io.outputcache.store.InMemoryPageStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's semantics, one test per rule: set once, lists replace, one exception type. */
class OutputCacheConfigBuilderTest {
    private static final CacheRule RULE = CacheRule.builder("pages").include("/**").build();

    private static OutputCacheConfig.Builder valid() {
        return OutputCacheConfig.builder().rule(RULE);
    }

    @Test
    void targetedCacheControl_acceptsAFieldOfTheSitesOwn() {
        OutputCacheConfig config = valid().targetedCacheControl("OutputCache-Control").build();
        assertThat(config.targetedCacheControl()).contains("OutputCache-Control");
        assertThat(valid().build().targetedCacheControl()).isEmpty();
    }

    @Test
    void targetedCacheControl_refusesFieldsWithAnotherMeaningNamingTheParameter() {
        for (String bad : new String[] {"Cache-Control", "CDN-Cache-Control", "not a name", ""}) {
            assertThatThrownBy(() -> valid().targetedCacheControl(bad)).as(bad)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("targeted-cache-control: ")
                    .hasMessageContaining("OutputCache-Control");
        }
        assertThatThrownBy(() -> InitParameters.parse(Map.of("targeted-cache-control", "Expires",
                "rule.a.include", "/**")).build()).hasMessageStartingWith("init-param 'targeted-cache-control'");
    }

    @Test
    void nearCacheMaxSize_isOffUnlessSet() {
        assertThat(valid().build().nearCache()).isEmpty();
        OutputCacheConfig config = valid().nearCacheMaxSize(16L * 1024 * 1024).build();
        assertThat(config.nearCache().orElseThrow().maxSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.toString()).contains("near-cache-max-size=16777216");
    }

    @Test
    void nearCacheMaxSize_twice() {
        assertThatThrownBy(() -> valid().nearCacheMaxSize(4096).nearCacheMaxSize(4096))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("near-cache-max-size was already set to 4096");
    }

    @Test
    void nearCacheMaxSize_belowOneKibibyte() {
        assertThatThrownBy(() -> valid().nearCacheMaxSize(1023)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("near-cache-max-size must be at least 1KiB but was 1023");
    }

    @Test
    void nearCacheMaxSize_withTheMemoryStoreFailsAtBuild() {
        assertThatThrownBy(() -> valid().storeType(OutputCacheConfig.StoreType.MEMORY).nearCacheMaxSize(4096).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("near-cache-max-size is for the Redis store");
    }

    @Test
    void nearCacheMaxSize_asAnInitParamTakesTheSizeSyntax() {
        OutputCacheConfig config = InitParameters.parse(Map.of("near-cache-max-size", "32MiB", "rules", "a",
                "rule.a.include", "/**")).build();
        assertThat(config.nearCache().orElseThrow().maxSize()).isEqualTo(32L * 1024 * 1024);
        assertThatThrownBy(() -> InitParameters.parse(Map.of("near-cache-max-size", "lots",
                "rule.a.include", "/**")).build()).hasMessageStartingWith("init-param 'near-cache-max-size'");
    }

    @Test
    void storeTimeout_twice() {
        assertThatThrownBy(() -> valid().storeTimeout(Duration.ofMillis(100)).storeTimeout(Duration.ofMillis(100)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("store-timeout was already set to PT0.1S");
    }

    @Test
    void keyPrefix_twice() {
        assertThatThrownBy(() -> valid().keyPrefix("a").keyPrefix("b")).hasMessage("key-prefix was already set to a");
    }

    @Test
    void storeType_twice() {
        assertThatThrownBy(() -> valid().storeType(OutputCacheConfig.StoreType.MEMORY)
                .storeType(OutputCacheConfig.StoreType.REDIS)).hasMessage("store was already set to MEMORY");
    }

    @Test
    void maxBodySize_twice() {
        assertThatThrownBy(() -> valid().maxBodySize(10).maxBodySize(20)).hasMessage("max-body-size was already set to 10");
    }

    @Test
    void debugHeaders_twice() {
        assertThatThrownBy(() -> valid().debugHeaders(true).debugHeaders(false))
                .hasMessage("debug-headers was already set to true");
    }

    @Test
    void asyncStoreReads_twice() {
        assertThatThrownBy(() -> valid().asyncStoreReads(true).asyncStoreReads(false))
                .hasMessage("async-store-reads was already set to true");
    }

    @Test
    void asyncStoreReads_offByDefaultAndShown() {
        assertThat(valid().build().asyncStoreReads()).isFalse();
        assertThat(valid().build().toString()).doesNotContain("async-store-reads");
        assertThat(valid().asyncStoreReads(true).build().toString()).contains(", async-store-reads}");
    }

    @Test
    void clock_twice() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> valid().clock(clock).clock(clock)).hasMessageStartingWith("clock was already set to");
    }

    @Test
    void redisUrl_twice() {
        assertThatThrownBy(() -> valid().redisUrl("redis://a:1").redisUrl("redis://b:1"))
                .hasMessage("redis-url was already set to [redis://a:1]");
    }

    @Test
    void redisMode_twice() {
        assertThatThrownBy(() -> valid().redisMode(OutputCacheConfig.RedisMode.CLUSTER)
                .redisMode(OutputCacheConfig.RedisMode.CLUSTER)).hasMessage("redis-mode was already set to cluster");
    }

    @Test
    void redisPasswordBesideAUrlPasswordFailsWithoutShowingEither() {
        assertThatThrownBy(() -> valid().redisUrl("redis://:inurl@h:1").redisPassword("given"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageNotContaining("inurl").hasMessageNotContaining("given");
    }

    @Test
    void leakGuardMinLength_twice() {
        assertThatThrownBy(() -> valid().leakGuardMinLength(4).leakGuardMinLength(5))
                .hasMessage("leak-guard-min-length was already set to 4");
    }

    @Test
    void keyedForwardingHeaders_replaces() {
        assertThat(valid().keyedForwardingHeaders(List.of("X-Custom")).build().keyedForwardingHeaders())
                .containsExactly("x-custom");
    }

    @Test
    void leakGuardCookies_replaces() {
        assertThat(valid().leakGuardCookies(List.of("SESSION")).build().leakGuardCookies()).containsExactly("SESSION");
    }

    @Test
    void allowedHosts_replaces() {
        assertThat(valid().allowedHosts("a.example").build().allowedHosts()).containsExactly("a.example");
        assertThatThrownBy(() -> valid().allowedHosts("a.example").allowedHosts("b.example"))
                .hasMessage("allowed-hosts was already set to [a.example]");
    }

    @Test
    void rulesAfterRuleFails() {
        CacheRule other = CacheRule.builder("other").include("/x").build();
        assertThatThrownBy(() -> valid().rules(List.of(other))).hasMessage("rules was already set to [pages]");
        assertThat(OutputCacheConfig.builder().rules(List.of(RULE, other)).build().rules()).containsExactly(RULE, other);
    }

    @Test
    void everyFailureIsAnInvalidConfigurationException() {
        assertThatThrownBy(() -> valid().maxBodySize(0)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> valid().redisUrl("http://x")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> OutputCacheConfig.builder().build()).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> valid().storeTimeout(Duration.ofSeconds(9)).renderTimeout(Duration.ofSeconds(9)).build())
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> CacheRule.builder("r").include("nope")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> CacheRule.builder("r").tags("a b")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> InitParameters.parse(Map.of("no-such-option", "x")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> InitParameters.parse(Map.of("store-timeout", "soon")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("init-param 'store-timeout': ");
    }

    @Test
    void thePartsAreRecordsTheFlatAccessorsRead() {
        OutputCacheConfig c = valid().storeTimeout(Duration.ofMillis(90)).keyPrefix("shop").leakGuard(false)
                .bypassHeaders(List.of("X-A")).store(new InMemoryPageStore(1 << 20)).build();
        assertThat(c.resilience().storeTimeout()).isEqualTo(c.storeTimeout()).isEqualTo(Duration.ofMillis(90));
        assertThat(c.keySpace().prefix()).isEqualTo(c.keyPrefix()).isEqualTo("shop");
        assertThat(c.leakGuardSettings().enabled()).isEqualTo(c.leakGuard()).isFalse();
        assertThat(c.proxyHeaders().bypass()).isEqualTo(c.bypassHeaders()).containsExactly("x-a");
    }

    @Test
    void toStringNeverShowsARedisPassword() {
        String shown = valid().redisUrl("rediss://app:p@ss/w:rd@cache.example:10000").build().toString();
        assertThat(shown).contains("redis-url=[rediss://cache.example:10000]").contains("redis-password=****")
                .doesNotContain("p@ss").doesNotContain("w:rd");
    }
}
