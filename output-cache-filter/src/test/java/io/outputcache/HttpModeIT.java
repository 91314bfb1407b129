package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP mode against a real Jetty and a real Redis: Vary with secondary keys, and unsafe-method invalidation. */
class HttpModeIT {
    private final PageServlet page = new PageServlet();
    private TestServer server;

    private final MutableClock clock = MutableClock.atRealNow();

    private HttpProbe start() {
        OutputCacheConfig config = OutputCacheConfig.builder()
                .clock(clock)
                .redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .debugHeaders(true)
                .rule(CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build())
                .build();
        server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start();
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void varyOnLanguage() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=60");
            res.setHeader("Vary", "Accept-Language");
            res.setContentType("text/plain");
            res.getWriter().print(req.getHeader("Accept-Language") + " #" + n);
        });
    }

    @Test
    void aStalePageIsRevalidatedAndA304MakesItFreshAgainWithTheUpdatedFields() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=2");
            // Dated by the test's clock, which runs ahead of the container's (HTTP mode ages by the origin's Date).
            res.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
            res.setHeader("ETag", "\"v1\"");
            res.setHeader("X-Version", "r" + n);
            if ("\"v1\"".equals(req.getHeader("If-None-Match"))) {
                res.setStatus(304);
                return;
            }
            res.setContentType("text/plain");
            res.getWriter().print("body #" + n);
        });
        HttpProbe http = start();
        http.get("/r");
        clock.advance(Duration.ofSeconds(3));
        HttpProbe.Response revalidated = http.get("/r");
        HttpProbe.Response cached = http.get("/r");
        assertThat(revalidated.status()).isEqualTo(200);
        assertThat(revalidated.text()).isEqualTo("body #1");
        assertThat(revalidated.header("X-Version")).isEqualTo("r2");
        assertThat(cached.isHit()).as(cached.cacheStatus()).isTrue();
        assertThat(cached.text()).isEqualTo("body #1");
        assertThat(cached.header("X-Version")).isEqualTo("r2");
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void eachValueOfAVariedFieldGetsItsOwnStoredResponse() {
        varyOnLanguage();
        HttpProbe http = start();
        http.get("/v", "Accept-Language: en");
        HttpProbe.Response german = http.get("/v", "Accept-Language: de");
        HttpProbe.Response englishAgain = http.get("/v", "Accept-Language: en");
        HttpProbe.Response germanAgain = http.get("/v", "Accept-Language: de");
        assertThat(german.isHit()).isFalse();
        assertThat(german.text()).isEqualTo("de #2");
        assertThat(englishAgain.isHit()).isTrue();
        assertThat(englishAgain.text()).isEqualTo("en #1");
        assertThat(germanAgain.isHit()).isTrue();
        assertThat(germanAgain.text()).isEqualTo("de #2");
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void aRequestWithoutTheVariedFieldDoesNotGetAVariantMadeForOneWithIt() {
        varyOnLanguage();
        HttpProbe http = start();
        http.get("/w", "Accept-Language: en");
        HttpProbe.Response without = http.get("/w");
        assertThat(without.isHit()).isFalse();
        assertThat(without.text()).isEqualTo("null #2");
    }

    @Test
    void varyStarIsNeverServedFromTheCache() {
        page.behave((req, res, n) -> {
            res.setHeader("Cache-Control", "max-age=60");
            res.setHeader("Vary", "*");
            res.setContentType("text/plain");
            res.getWriter().print("#" + n);
        });
        HttpProbe http = start();
        http.get("/s");
        assertThat(http.get("/s").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void aSuccessfulPostInvalidatesEveryStoredVariantOfItsTarget() {
        varyOnLanguage();
        HttpProbe http = start();
        http.get("/x", "Accept-Language: en");
        http.get("/x", "Accept-Language: de");
        assertThat(http.request("POST", "/x", new byte[0]).status()).isEqualTo(204);
        HttpProbe.Response english = http.get("/x", "Accept-Language: en");
        HttpProbe.Response german = http.get("/x", "Accept-Language: de");
        assertThat(english.isHit()).isFalse();
        assertThat(german.isHit()).isFalse();
        assertThat(english.text()).isEqualTo("en #4"); // renders: en, de, the POST, en again
    }
}
