package io.outputcache.internal.webxml;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitParametersTest {

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static OutputCacheConfig parse(String... kv) {
        return InitParameters.parse(params(kv), name -> name.equals("SECRET") ? "s3cr3t" : null).build();
    }

    @Test
    void mapsEveryKindOfValue() {
        OutputCacheConfig c = parse(
                "rules", "home products",
                "rule.home.include", "/",
                "rule.products.include", "/products/*, /c/**",
                "rule.products.exclude", "/products/admin",
                "rule.products.ttl", "5m",
                "rule.products.grace", "0s",
                "rule.products.vary-headers", "Accept-Language",
                "rule.products.cacheable-statuses", "200 404",
                "rule.products.tags", "catalog",
                "redis-url", "rediss://cache.example:6380",
                "key-prefix", "shop",
                "allowed-hosts", "Shop.Example, www.shop.example",
                "max-body-size", "2MiB",
                "store-timeout", "120ms",
                "debug-headers", "true");
        assertThat(c.rules()).extracting(CacheRule::name).containsExactly("home", "products");
        CacheRule products = c.rules().get(1);
        assertThat(products.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(products.grace()).isZero();
        assertThat(products.varyHeaders()).containsExactly("accept-language");
        assertThat(products.cacheableStatuses()).containsExactlyInAnyOrder(200, 404);
        assertThat(products.matches("/products/admin")).isFalse();
        assertThat(products.matches("/c/shoes/red")).isTrue();
        assertThat(c.redisUrls()).containsExactly("rediss://cache.example:6380");
        assertThat(c.keyPrefix()).isEqualTo("shop");
        assertThat(c.allowedHosts()).containsExactlyInAnyOrder("shop.example", "www.shop.example");
        assertThat(c.maxBodySize()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.storeTimeout()).isEqualTo(Duration.ofMillis(120));
        assertThat(c.debugHeaders()).isTrue();
        assertThat(c.ruleFor("/")).map(CacheRule::name).contains("home");
        assertThat(c.ruleFor("/cart")).isEmpty();
    }

    @Test
    void unknownNameFailsAndListsTheKnownOnes() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "redis-uri", "redis://x"))
                .hasMessageStartingWith("unknown init-param 'redis-uri': known names are [");
    }

    @Test
    void unknownRuleOptionFails() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "rule.a.tll", "5m"))
                .hasMessageStartingWith("unknown init-param 'rule.a.tll': rule options are [include");
    }

    @Test
    void badValueNamesTheParameter() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "rule.a.ttl", "forever"))
                .hasMessage("init-param 'rule.a.ttl': ttl must be a duration such as 250ms, 30s, 5m, 1h, 1d or PT5M"
                        + " but was 'forever'");
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "store", "disk"))
                .hasMessage("init-param 'store': store must be one of [redis, memory] but was 'disk'");
    }

    @Test
    void everyConfiguredRuleMustBeListed() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "rule.b.include", "/b"))
                .hasMessageContaining("missing [b]");
    }

    @Test
    void listedRuleMustBeConfigured() {
        assertThatThrownBy(() -> parse("rules", "a b", "rule.a.include", "/"))
                .hasMessageContaining("names 'b' but no rule.b.include is set");
    }

    @Test
    void ruleWithoutIncludeFails() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.ttl", "5m"))
                .hasMessage("init-param 'rule.a.include': rule a needs at least one include pattern");
    }

    @Test
    void noRulesFails() {
        assertThatThrownBy(() -> parse("key-prefix", "x")).hasMessageContaining("at least one rule is needed");
    }

    @Test
    void placeholdersReadSecretsFromTheEnvironment() {
        OutputCacheConfig c = parse("rules", "a", "rule.a.include", "/", "redis-password", "${SECRET}");
        assertThat(c.redisPassword()).contains("s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t").contains("redis-password=****");
    }

    @Test
    void tagsHeaderAndPurgeEndpointAreParsed() {
        OutputCacheConfig c = parse("rules", "a", "rule.a.include", "/", "tags-header", "Surrogate-Key",
                "purge-path", "/_outputcache/purge", "purge-token", "${SECRET}-long-enough-token",
                "purge-token-header", "X-Ops-Token", "purge-rate-limit", "4");
        assertThat(c.tagsHeader()).contains("surrogate-key");
        assertThat(c.purge()).hasValueSatisfying(p -> {
            assertThat(p.path()).isEqualTo("/_outputcache/purge");
            assertThat(p.token()).isEqualTo("s3cr3t-long-enough-token");
            assertThat(p.tokenHeader()).isEqualTo("x-ops-token");
            assertThat(p.ratePerSecond()).isEqualTo(4);
        });
        assertThat(c.toString()).doesNotContain("s3cr3t").contains("purge-token=(redacted)")
                .contains("tags-header=surrogate-key");
    }

    @Test
    void bothAreOffByDefault() {
        OutputCacheConfig c = parse("rules", "a", "rule.a.include", "/");
        assertThat(c.tagsHeader()).isEmpty();
        assertThat(c.purge()).isEmpty();
    }

    @Test
    void aPurgeTokenWithoutAPathFailsAtStartUp() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "purge-token", "0123456789abcdef0"))
                .hasMessageContaining("purge-path must be set");
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "purge-rate-limit", "fast"))
                .hasMessageContaining("init-param 'purge-rate-limit'");
    }

    @Test
    void missingPlaceholderFails() {
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "redis-password", "${NOPE}"))
                .hasMessageContaining("${NOPE}");
    }

    @Test
    void modeIsParsed() {
        assertThat(parse("rules", "a", "rule.a.include", "/", "rule.a.mode", "http").rules().get(0).mode())
                .isEqualTo(CacheMode.HTTP);
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "rule.a.mode", "rfc"))
                .hasMessageContaining("mode must be one of [output, http]");
    }

    @Test
    void asyncStoreReadsIsABoolean() {
        assertThat(parse("rules", "a", "rule.a.include", "/", "async-store-reads", "true").asyncStoreReads()).isTrue();
        assertThat(parse("rules", "a", "rule.a.include", "/").asyncStoreReads()).isFalse();
        assertThatThrownBy(() -> parse("rules", "a", "rule.a.include", "/", "async-store-reads", "yes"))
                .hasMessage("init-param 'async-store-reads': async-store-reads must be true or false but was 'yes'");
    }
}
