package io.outputcache;

import io.outputcache.testing.CachingServer;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The run-time switch of a rule on a real Jetty and a real Redis: on, off, shadow, on again. */
class RuleSwitchIT {
    private final PageServlet page = new PageServlet();
    @RegisterExtension
    final CachingServer site = new CachingServer();
    private OutputCache cache;

    private HttpProbe start() {
        HttpProbe http = site.start(TestServer.builder().servlet("/*", page), c -> c
                .rule(CacheRule.builder("pages").include("/pages/**").ttl(Duration.ofMinutes(1)).build())
                .rule(CacheRule.builder("other").include("/other/**").ttl(Duration.ofMinutes(1)).build()));
        cache = site.cache();
        return http;
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
        HttpProbe http = site.start(TestServer.builder().servlet("/*", page), c -> c
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)).shadow(true).build()));
        assertThat(site.cache().mode("pages")).isEqualTo(RuleSwitch.SHADOW);
        assertThat(http.get("/x").cacheStatus()).contains("shadow-miss");
        site.cache().mode("pages", RuleSwitch.ON);
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
