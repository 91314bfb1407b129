package io.outputcache.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Micrometer binding publishes the live counters, tagged by rule, through a real filter. */
class MetricsTest {
    private final PageServlet page = new PageServlet().behave((req, res) -> {
        res.setContentType("text/html");
        if (req.getRequestURI().contains("cookie")) {
            res.addHeader("Set-Cookie", "a=b");
        }
        try {
            res.getWriter().print("<p>" + req.getRequestURI() + "</p>"
                    + (req.getRequestURI().contains("leak") ? "<p>sid " + req.getHeader("Cookie").substring(11) : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestServer server;
    private OutputCacheFilter filter;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private double count(String name, String rule, String... tags) {
        return registry.get(name).tag("rule", rule).tags(tags).functionCounter().count();
    }

    @Test
    void nearHitsAndFlushesArePublished() {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).nearCacheMaxSize(1024 * 1024)
                .rule(CacheRule.builder("news").include("/news/**").ttl(Duration.ofMinutes(1)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        HttpProbe http = server.client();
        OutputCacheMetrics.bind(filter.outputCache(), registry);

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            http.get("/news/near");
            return filter.outputCache().stats().nearHits() > 0;
        });
        assertThat(count("outputcache.near.hits", "news")).isEqualTo(filter.outputCache().stats().nearHits());
        assertThat(registry.get("outputcache.near.flushes").functionCounter().count()).isZero();
    }

    @Test
    void readsThatShareAGetInFlightAreCountedAndPublished() throws Exception {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("news").include("/news/**").ttl(Duration.ofMinutes(1)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        HttpProbe http = server.client();
        OutputCacheMetrics.bind(filter.outputCache(), registry);
        http.get("/news/hot");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/news/hot").isHit());

        // Concurrent hits on one page (near cache off): some arrive while another's GET of it is in flight.
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                java.util.List<java.util.concurrent.Future<Boolean>> hits = new java.util.ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    hits.add(clients.submit(() -> server.client().get("/news/hot").isHit()));
                }
                for (java.util.concurrent.Future<Boolean> hit : hits) {
                    assertThat(hit.get()).isTrue();
                }
                return filter.outputCache().stats().sharedReads() > 0;
            });
        } finally {
            clients.shutdownNow();
        }
        assertThat(registry.get("outputcache.shared.reads").functionCounter().count())
                .isEqualTo(filter.outputCache().stats().sharedReads());
    }

    @Test
    void countersArePublishedPerRule() {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("news").include("/news/**").ttl(Duration.ofMinutes(1)).build())
                .rule(CacheRule.builder("shop").include("/shop/**").ttl(Duration.ofMinutes(1)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        HttpProbe http = server.client();
        OutputCacheMetrics.bind(filter.outputCache(), registry);

        http.get("/news/1");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/news/1").isHit());
        http.get("/shop/cookie");
        http.get("/shop/leak", "Cookie: JSESSIONID=node0leak1234");
        http.request("POST", "/shop/x", new byte[0]);

        assertThat(count("outputcache.hits", "news")).isGreaterThanOrEqualTo(1);
        assertThat(count("outputcache.hits", "shop")).isZero();
        assertThat(count("outputcache.stores", "news")).isEqualTo(1);
        assertThat(count("outputcache.misses", "shop")).isEqualTo(2);
        assertThat(count("outputcache.bypasses", "shop")).isEqualTo(1);
        assertThat(count("outputcache.refusals", "shop", "reason", "set-cookie")).isEqualTo(1);
        assertThat(count("outputcache.refusals", "shop", "reason", "leak-guard")).isEqualTo(1);
        assertThat(count("outputcache.leakguard.refusals", "shop")).isEqualTo(1);
        assertThat(count("outputcache.leakguard.refusals", "news")).isZero();
        assertThat(registry.get("outputcache.breaker.state").gauge().value()).isZero();
        assertThat(registry.get("outputcache.store.errors").functionCounter().count()).isZero();
    }

    @Test
    void onlyTheFiltersOwnHandleCanBeBound() {
        assertThatThrownBy(() -> OutputCacheMetrics.bind(null, registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OutputCacheFilter");
    }
}
