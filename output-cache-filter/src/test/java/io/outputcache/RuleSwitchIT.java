package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The run-time switch of a rule on a real Jetty and a real Redis: on, off, shadow, on again. */
class RuleSwitchIT {
    private final PageServlet page = new PageServlet();
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCache cache;

    private HttpProbe start() {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(prefix).debugHeaders(true).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/pages/**").ttl(Duration.ofMinutes(1)).build())
                .rule(CacheRule.builder("other").include("/other/**").ttl(Duration.ofMinutes(1)).build())
                .build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        cache = filter.outputCache();
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        RedisInvariants.assertEveryKeyExpires(prefix);
    }

    @Test
    void aRuleSwitchedOnOffShadowAndOnAgainCachesPassesThroughShadowsAndCachesAgain() {
        HttpProbe http = start();
        assertThat(cache.mode("pages")).isEqualTo(RuleSwitch.ON);
        http.get("/pages/a");
        assertThat(http.get("/pages/a").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(1);

        cache.mode("pages", RuleSwitch.OFF);
        assertThat(cache.mode("pages")).isEqualTo(RuleSwitch.OFF);
        HttpProbe.Response off = http.get("/pages/a");
        assertThat(off.cacheStatus()).as("untouched, as if no rule covered it").isNull();
        assertThat(off.text()).contains("render #2");
        http.get("/pages/a");
        assertThat(page.renders()).isEqualTo(3);
        assertThat(http.get("/other/x").cacheStatus()).as("the other rule still caches").isNotNull();

        cache.mode("pages", RuleSwitch.SHADOW);
        int before = page.renders();
        HttpProbe.Response first = http.get("/pages/s");
        assertThat(first.cacheStatus()).contains("fwd=bypass").contains("shadow-miss");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !http.get("/pages/s").cacheStatus().contains("shadow-miss")); // hit or mismatch: it was stored
        assertThat(page.renders()).as("shadow mode renders every request").isGreaterThanOrEqualTo(before + 2);
        assertThat(cache.stats().shadowWouldHit()).isPositive();

        cache.mode("pages", RuleSwitch.ON);
        HttpProbe.Response live = http.get("/pages/a");
        assertThat(live.isHit()).as("the page stored before the switch is served again").isTrue();
        assertThat(live.text()).contains("render #1");
        int rendersNow = page.renders();
        http.get("/pages/s"); // only the shadow key space had it: a live miss
        assertThat(http.get("/pages/s").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(rendersNow + 1);
    }

    @Test
    void aRuleConfiguredInShadowCanBeSwitchedLive() {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(prefix).debugHeaders(true).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)).shadow(true).build())
                .build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        HttpProbe http = server.client();
        assertThat(filter.outputCache().mode("pages")).isEqualTo(RuleSwitch.SHADOW);
        assertThat(http.get("/x").cacheStatus()).contains("shadow-miss");
        filter.outputCache().mode("pages", RuleSwitch.ON);
        http.get("/y");
        assertThat(http.get("/y").isHit()).isTrue();
    }

    @Test
    void anUnknownRuleIsRefusedNamingTheRules() {
        start();
        assertThatThrownBy(() -> cache.mode("nope", RuleSwitch.OFF)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pages, other");
        assertThatThrownBy(() -> cache.mode("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
