package io.outputcache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outputcache.metrics.OutputCacheMetrics;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP-mode decisions of RFC 9213, RFC 5861 §4, RFC 9110 §14 and the leak guard's unreadable codings, wired into
 * the engine and the page writer: against a real Jetty and a real Redis.
 */
class HttpModeWiringIT {
    private static final String TEN = "0123456789";
    private final PageServlet page = new PageServlet();
    private final MutableClock clock = MutableClock.atRealNow();
    private TestServer server;
    private OutputCacheFilter filter;

    private HttpProbe start(OutputCacheConfig.Builder builder) {
        OutputCacheConfig config = builder
                .clock(clock)
                .redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .debugHeaders(true)
                .rule(CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build())
                .build();
        filter = new OutputCacheFilter(config);
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String now() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC));
    }

    @Test
    void theSitesOwnTargetedFieldDecidesAndNeverReachesTheClient() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "no-store");
            res.setHeader("OutputCache-Control", "max-age=60");
            res.setHeader("CDN-Cache-Control", "max-age=30");
            res.setContentType("text/plain");
            res.getWriter().print("own #" + n);
        });
        HttpProbe http = start(OutputCacheConfig.builder().targetedCacheControl("OutputCache-Control"));
        HttpProbe.Response first = http.get("/own");
        HttpProbe.Response second = http.get("/own");
        assertThat(second.isHit()).as(second.cacheStatus()).isTrue();
        assertThat(second.text()).isEqualTo("own #1");
        assertThat(first.header("OutputCache-Control")).as("consumed on the fresh response").isNull();
        assertThat(second.header("OutputCache-Control")).as("consumed on the hit").isNull();
        // CDN-Cache-Control is passed on for a CDN downstream of this filter (RFC 9213 §3).
        assertThat(first.header("CDN-Cache-Control")).isEqualTo("max-age=30");
        assertThat(second.header("CDN-Cache-Control")).isEqualTo("max-age=30");
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void cdnCacheControlPrivateIsObeyedOverCacheControlMaxAge() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=600");
            res.setHeader("CDN-Cache-Control", "private");
            res.getWriter().print("p #" + n);
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/p");
        assertThat(http.get("/p").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void aBodyInACodingTheLeakGuardCannotReadIsStoredAndCounted() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=60");
            res.setHeader("Content-Encoding", "arizona");
            res.getOutputStream().write(("coded #" + n).getBytes(StandardCharsets.US_ASCII));
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (OutputCacheMetrics ignored = OutputCacheMetrics.bind(filter.outputCache(), registry)) {
            http.get("/coded");
            HttpProbe.Response second = http.get("/coded");
            assertThat(second.isHit()).as(second.cacheStatus()).isTrue();
            assertThat(second.header("Content-Encoding")).isEqualTo("arizona");
            assertThat(second.text()).isEqualTo("coded #1");
            assertThat(registry.get("outputcache.leakguard.skipped").functionCounter().count()).isEqualTo(1.0);
        }
    }

    private void staleIfErrorThen(PageServlet.Behaviour failure) {
        page.behave((req, res, n) -> {
            if (n > 1) {
                failure.render(req, res, n);
                return;
            }
            res.setHeader("Cache-Control", "max-age=1, stale-if-error=600");
            res.setHeader("Date", now());
            res.setHeader("ETag", "\"e1\"");
            res.setContentType("text/plain");
            res.getWriter().print("good #" + n);
        });
    }

    @Test
    void aProxiedRenderWhoseOriginFailsIsAnsweredWithTheStaleCopy() {
        // What a proxy servlet does when its origin closes the connection: sendError(502).
        staleIfErrorThen((req, res, n) -> res.sendError(502));
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/sie");
        clock.advance(Duration.ofSeconds(5));
        HttpProbe.Response stale = http.get("/sie");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo("good #1");
        assertThat(stale.cacheStatus()).contains("stale-if-error");
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void anOrigin503WithinStaleIfErrorIsAnsweredWithTheStaleCopy() {
        staleIfErrorThen((req, res, n) -> {
            res.setStatus(503);
            res.getWriter().print("down");
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/sie503");
        clock.advance(Duration.ofSeconds(5));
        HttpProbe.Response stale = http.get("/sie503");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo("good #1");
    }

    @Test
    void aSendErrorWithoutAStaleWindowStillReachesTheClient() {
        page.behave((req, res, n) -> {
            if (n > 1) {
                res.sendError(502);
                return;
            }
            res.setHeader("Cache-Control", "max-age=1");
            res.setHeader("Date", now());
            res.getWriter().print("good #" + n);
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/nosie");
        clock.advance(Duration.ofSeconds(5));
        assertThat(http.get("/nosie").status()).isEqualTo(502);
    }

    @Test
    void withinStaleWhileRevalidateTheRefreshIsAConditionalRequest() {
        List<String> conditions = new CopyOnWriteArrayList<>();
        page.behave((req, res, n) -> {
            conditions.add(String.valueOf(req.getHeader("If-None-Match")));
            res.setHeader("Cache-Control", "max-age=1, stale-while-revalidate=60");
            res.setHeader("Date", now());
            res.setHeader("ETag", "\"s1\"");
            if ("\"s1\"".equals(req.getHeader("If-None-Match"))) {
                res.setStatus(304);
                return;
            }
            res.setContentType("text/plain");
            res.getWriter().print("swr #" + n);
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/swr");
        clock.advance(Duration.ofSeconds(3));
        HttpProbe.Response refreshed = http.get("/swr");
        HttpProbe.Response after = http.get("/swr");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.text()).isEqualTo("swr #1");
        assertThat(conditions).containsExactly("null", "\"s1\"");
        assertThat(after.isHit()).as(after.cacheStatus()).isTrue();
        assertThat(after.text()).isEqualTo("swr #1");
    }

    private HttpProbe rangeOrigin() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=60");
            res.setHeader("ETag", "\"r1\"");
            res.setContentType("text/plain");
            res.getWriter().print(TEN);
        });
        HttpProbe http = start(OutputCacheConfig.builder());
        http.get("/range");
        return http;
    }

    @Test
    void aRangeOfAStoredCompleteResponseIsServedAs206() {
        HttpProbe http = rangeOrigin();
        HttpProbe.Response partial = http.get("/range", "Range: bytes=2-4");
        assertThat(partial.status()).isEqualTo(206);
        assertThat(partial.header("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(partial.text()).isEqualTo("234");
        HttpProbe.Response suffix = http.get("/range", "Range: bytes=-3", "Accept-Encoding: gzip");
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.header("Content-Range")).isEqualTo("bytes 7-9/10");
        assertThat(suffix.text()).isEqualTo("789");
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void anUnsatisfiableRangeIs416AndAMismatchedIfRangeTheWhole200() {
        HttpProbe http = rangeOrigin();
        HttpProbe.Response unsatisfiable = http.get("/range", "Range: bytes=20-");
        assertThat(unsatisfiable.status()).isEqualTo(416);
        assertThat(unsatisfiable.header("Content-Range")).isEqualTo("bytes */10");
        assertThat(unsatisfiable.body()).isEmpty();
        HttpProbe.Response otherTag = http.get("/range", "Range: bytes=2-4", "If-Range: \"other\"");
        assertThat(otherTag.status()).isEqualTo(200);
        assertThat(otherTag.text()).isEqualTo(TEN);
        HttpProbe.Response sameTag = http.get("/range", "Range: bytes=2-4", "If-Range: \"r1\"");
        assertThat(sameTag.status()).isEqualTo(206);
        assertThat(sameTag.text()).isEqualTo("234");
    }

    @Test
    void aHeadWithRangeGetsTheWhole200sHeadersAndNoBody() {
        HttpProbe http = rangeOrigin();
        HttpProbe.Response head = http.head("/range", "Range: bytes=2-4");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Range")).isNull();
        assertThat(head.body()).isEmpty();
    }
}
