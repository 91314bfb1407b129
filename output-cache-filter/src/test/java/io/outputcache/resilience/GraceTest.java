package io.outputcache.resilience;

import ch.qos.logback.classic.Level;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisInvariants;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Grace (stale-while-revalidate and stale-if-error) with a clock the test moves: the page is stored for real in
 * Redis, and the filter's clock is moved past its freshness.
 */
class GraceTest {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static RedisProcess redis;
    private static RedissonClient inspector;

    private final String prefix = TestRedis.newPrefix();
    private final MutableClock clock = MutableClock.atRealNow();
    private final PageServlet page = new PageServlet();
    private TestServer server;
    private OutputCacheFilter filter;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url()).setConnectionMinimumIdleSize(1);
        inspector = Redisson.create(config);
    }

    @AfterAll
    static void stopRedis() {
        inspector.shutdown();
        redis.close();
    }

    @AfterEach
    void stopAndCheckInvariants() {
        if (server != null) {
            server.close();
        }
        RedisInvariants.assertClean(inspector, prefix);
    }

    private HttpProbe start(CacheRule.Builder rule) {
        OutputCacheConfig config = OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix)
                .debugHeaders(true).clock(clock).storeTimeout(Duration.ofSeconds(1)).rule(rule.build()).build();
        filter = new OutputCacheFilter(config);
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        return server.client();
    }

    private HttpProbe startWithGrace() {
        return start(CacheRule.builder("pages").include("/**").ttl(TTL).grace(GRACE));
    }

    private OutputCacheStats stats() {
        return filter.outputCache().stats();
    }

    @Test
    void inGraceEveryoneIsServedTheStaleCopyAtOnceWhileExactlyOneRenderRuns() throws Exception {
        HttpProbe http = startWithGrace();
        assertThat(http.get("/g").text()).contains("render #1");
        clock.advance(TTL.plusSeconds(1));

        CountDownLatch release = new CountDownLatch(1);
        page.behave((req, res, n) -> {
            CoalescingTest.awaitLatch(release);
            PageServlet.standardPage(req, res, n);
        });
        AtomicReference<HttpProbe.Response> refresher = new AtomicReference<>();
        Thread refreshing = new Thread(() -> refresher.set(http.get("/g")));
        refreshing.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> page.renders() == 2);

        long started = System.nanoTime();
        List<HttpProbe.Response> others = Concurrently.get(20, i -> http, "/g");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(CoalescingTest.unlike(others, "render #1")).as("not served the stale copy").isEmpty();
        assertThat(others).allSatisfy(r -> {
            assertThat(r.cacheStatus()).contains("hit").contains("fwd=stale");
            assertThat(Long.parseLong(r.header("age"))).isGreaterThanOrEqualTo(TTL.toSeconds() + 1);
        });
        assertThat(tookMs).as("stale copies are served at once, not after the render").isLessThan(3000);
        assertThat(page.renders()).as("one render refreshes the page").isEqualTo(2);
        assertThat(refreshing.isAlive()).isTrue();

        release.countDown();
        refreshing.join(5000);
        assertThat(refresher.get().text()).contains("render #2");
        assertThat(refresher.get().cacheStatus()).contains("fwd=stale").contains("stored");
        HttpProbe.Response after = http.get("/g");
        assertThat(after.cacheStatus()).contains("hit").doesNotContain("fwd=stale");
        assertThat(after.text()).contains("render #2");
        assertThat(stats().staleRefreshes()).isEqualTo(1);
        assertThat(stats().staleHits()).isEqualTo(20);
    }

    @Test
    void aThrowingRenderInGraceServesTheStaleCopyWithItsAge() {
        HttpProbe http = startWithGrace();
        http.get("/boom");
        clock.advance(TTL.plusSeconds(30));
        page.behave((req, res, n) -> {
            throw new IllegalStateException("database is down");
        });

        HttpProbe.Response stale;
        try (LogCapture log = new LogCapture()) {
            stale = http.get("/boom");
            assertThat(log.atLeast(Level.ERROR)).hasSize(1);
            assertThat(log.atLeast(Level.ERROR).get(0).getFormattedMessage())
                    .contains("/boom").contains("stale-if-error").contains("IllegalStateException");
        }

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).contains("render #1");
        assertThat(stale.header("age")).isEqualTo(Long.toString(TTL.toSeconds() + 30));
        assertThat(stale.cacheStatus()).contains("hit").contains("fwd=stale").contains("stale-if-error");
        assertThat(stats().staleOnError()).isEqualTo(1);
    }

    @Test
    void a5xxRenderInGraceServesTheStaleCopyAndIsNotStored() {
        HttpProbe http = startWithGrace();
        http.get("/err");
        clock.advance(TTL.plusSeconds(5));
        page.behave((req, res, n) -> {
            res.setStatus(503);
            res.getWriter().print("overloaded");
        });

        HttpProbe.Response first = http.get("/err");
        HttpProbe.Response second = http.get("/err");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).contains("render #1");
        assertThat(first.cacheStatus()).contains("stale-if-error");
        // the 503 did not replace the stored page: the next request still finds the stale copy and tries again
        assertThat(second.text()).contains("render #1");
        assertThat(page.renders()).isEqualTo(3);
        assertThat(stats().stores()).isEqualTo(1);
    }

    @Test
    void pastGraceThePageIsRenderedBeforeAnswering() {
        HttpProbe http = startWithGrace();
        http.get("/old");
        clock.advance(TTL.plus(GRACE).plusSeconds(1));

        HttpProbe.Response response = http.get("/old");

        assertThat(response.text()).contains("render #2");
        assertThat(response.cacheStatus()).contains("fwd=stale").contains("stored").doesNotContain("hit");
    }

    @Test
    void originStaleIfErrorBeyondStaleWhileRevalidateRendersFirstAndServesStaleOnlyOnError() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**").ttl(TTL).grace(Duration.ZERO)
                .useOriginStale(true));
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "stale-while-revalidate=10, stale-if-error=600");
            PageServlet.standardPage(req, res, n);
        });
        http.get("/o");
        clock.advance(TTL.plusSeconds(30)); // past stale-while-revalidate, within stale-if-error

        HttpProbe.Response rendered = http.get("/o");
        assertThat(rendered.text()).contains("render #2");
        assertThat(rendered.cacheStatus()).contains("stored").doesNotContain("hit");

        clock.advance(TTL.plusSeconds(30));
        page.behave((req, res, n) -> {
            throw new IllegalStateException("down");
        });
        HttpProbe.Response stale = http.get("/o");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).contains("render #2");
        assertThat(stale.cacheStatus()).contains("fwd=stale").contains("stale-if-error");
    }
}
