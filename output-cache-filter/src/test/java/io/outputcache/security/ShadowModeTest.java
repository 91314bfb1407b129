package io.outputcache.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.metrics.OutputCacheMetrics;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow mode proves a rule safe (or not) before it serves anyone: every client gets a fresh render, and the
 * handle counts would-be hits and would-be hits whose stored body differs from what the application just rendered.
 */
class ShadowModeTest {
    private final PageServlet page = new PageServlet().behave((req, res) -> {
        res.setContentType("text/html;charset=UTF-8");
        try {
            // The "unsafe" page prints a query parameter the rule ignores in its key (a typical mistake:
            // utm-like parameters that turn out to matter); the "safe" page prints only its path.
            String ref = req.getRequestURI().startsWith("/unsafe") ? " ref=" + req.getParameter("ref") : "";
            res.getWriter().print("<html><body><h1>" + req.getRequestURI() + ref + "</h1></body></html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCacheFilter filter;

    private HttpProbe start(OutputCacheConfig.Builder config, boolean shadowRules) {
        filter = new OutputCacheFilter(config.redisUrl(TestRedis.url()).keyPrefix(prefix).debugHeaders(true)
                .rule(CacheRule.builder("unsafe").include("/unsafe/**").ignoredQueryParams("ref")
                        .ttl(Duration.ofMinutes(5)).shadow(shadowRules).build())
                .rule(CacheRule.builder("safe").include("/safe/**").ignoredQueryParams("ref")
                        .ttl(Duration.ofMinutes(5)).shadow(shadowRules).build())
                .build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Renders once, then waits until the page is in the store (shadow lookups say "would hit"). */
    private void prime(HttpProbe http, String first, String probe) {
        http.get(first);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !http.get(probe).cacheStatus().contains("shadow-miss"));
    }

    @Test
    void anUnsafeRuleShowsMismatchesAndTheClientStillGetsTheFreshRender() {
        HttpProbe http = start(OutputCacheConfig.builder(), true);
        prime(http, "/unsafe/page?ref=a", "/unsafe/page?ref=a");
        HttpProbe.Response other = http.get("/unsafe/page?ref=b");
        assertThat(other.text()).contains("ref=b"); // a live cache would have served "ref=a" here
        assertThat(other.cacheStatus()).contains("fwd=bypass").contains("shadow-mismatch");
        OutputCacheStats stats = filter.outputCache().stats();
        assertThat(stats.shadowMismatches()).isEqualTo(1);
        assertThat(stats.shadowWouldHit()).isGreaterThanOrEqualTo(2);
        assertThat(stats.hits()).as("shadow mode never serves from the cache").isZero();
        assertThat(filter.outputCache().shadowMismatchSample()).containsExactly("/unsafe/page");
    }

    @Test
    void aSafeRuleShowsNoMismatch() {
        HttpProbe http = start(OutputCacheConfig.builder(), true);
        prime(http, "/safe/page?ref=a", "/safe/page?ref=a");
        int rendersBefore = page.renders();
        for (String ref : new String[] {"b", "c", "d"}) {
            HttpProbe.Response r = http.get("/safe/page?ref=" + ref);
            assertThat(r.cacheStatus()).contains("shadow-hit");
        }
        assertThat(page.renders()).as("every request is rendered").isEqualTo(rendersBefore + 3);
        OutputCacheStats stats = filter.outputCache().stats();
        assertThat(stats.shadowWouldHit()).isGreaterThanOrEqualTo(4);
        assertThat(stats.shadowMismatches()).isZero();
        assertThat(stats.shadowLookups()).isEqualTo(page.renders());
        assertThat(filter.outputCache().shadowMismatchSample()).isEmpty();
    }

    @Test
    void theFilterWideOptionPutsEveryRuleInShadow() {
        HttpProbe http = start(OutputCacheConfig.builder().shadow(true), false);
        prime(http, "/unsafe/x?ref=1", "/unsafe/x?ref=1");
        assertThat(http.get("/unsafe/x?ref=2").text()).contains("ref=2");
        assertThat(filter.outputCache().stats().shadowMismatches()).isEqualTo(1);
    }

    @Test
    void withoutShadowTheUnsafeRuleReallyServesTheWrongPage() {
        // The control: what shadow mode predicted does happen once the rule is live.
        HttpProbe http = start(OutputCacheConfig.builder(), false);
        http.get("/unsafe/page?ref=a");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/unsafe/page?ref=b").text().contains("ref=a"));
    }

    @Test
    void shadowCountersArePublishedToMicrometerByRule() {
        HttpProbe http = start(OutputCacheConfig.builder(), true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (OutputCacheMetrics metrics = OutputCacheMetrics.bind(filter.outputCache(), registry)) {
            prime(http, "/unsafe/page?ref=a", "/unsafe/page?ref=a");
            http.get("/unsafe/page?ref=b");
            assertThat(count(registry, "outputcache.shadow.mismatches", "unsafe")).isEqualTo(1);
            assertThat(count(registry, "outputcache.shadow.mismatches", "safe")).isZero();
            assertThat(count(registry, "outputcache.shadow.lookups", "unsafe"))
                    .isEqualTo(filter.outputCache().stats().shadowLookups());
        }
        assertThat(registry.find("outputcache.shadow.mismatches").meters()).as("close removes the meters").isEmpty();
    }

    private static double count(SimpleMeterRegistry registry, String name, String rule) {
        FunctionCounter counter = registry.get(name).tag("rule", rule).functionCounter();
        return counter.count();
    }
}
