package io.outputcache;

import io.outputcache.testing.CachingServer;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.ServletContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The purge endpoint on each supported container (Jetty 12, Tomcat 10.1) and a real Redis: what it removes, and everything it refuses. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class PurgeEndpointIT {
    private final ServletContainer.Kind kind;
    private static final String TOKEN = "purge-token-for-tests-0123456789";
    private static final String PATH = "/_outputcache/purge";
    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
    private static final String AUTH = "X-Purge-Token: " + TOKEN;

    private final PageServlet page = new PageServlet().behave((req, res, n) -> {
        res.setContentType("text/html;charset=UTF-8");
        OutputCache.tag(req, req.getRequestURI().startsWith("/p/shoes") ? "shoes" : "other");
        res.getWriter().print("<html><body>" + req.getRequestURI() + " render #" + n + "</body></html>");
    });
    @RegisterExtension
    final CachingServer site = new CachingServer();
    private final MutableClock clock = MutableClock.atRealNow();

    PurgeEndpointIT(ServletContainer.Kind kind) {
        this.kind = kind;
    }

    private HttpProbe start(int ratePerSecond) {
        return site.start(kind.builder().servlet("/*", page), c -> c.clock(clock)
                .purge(p -> p.path(PATH).token(TOKEN).rateLimit(ratePerSecond))
                // A rule that covers the endpoint's path too: the endpoint must still never be cached.
                .rule(CacheRule.builder("pages").include("/**").allowedQueryParams("v", "q").varyHeaders("Accept-Language")
                        .ttl(Duration.ofMinutes(1)).build()));
    }

    private static HttpProbe.Response purge(HttpProbe http, String body, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = FORM;
        System.arraycopy(headers, 0, all, 1, headers.length);
        return http.request("POST", PATH, body.getBytes(StandardCharsets.UTF_8), all);
    }

    private static void stored(HttpProbe http, String target) {
        http.get(target);
        assertThat(http.get(target).isHit()).as(target).isTrue();
    }

    @Test
    void aPurgeByTagRemovesThePagesUnderItAndSaysHowMany() {
        HttpProbe http = start(10);
        stored(http, "/p/shoes/1");
        stored(http, "/p/shoes/2");
        stored(http, "/p/hats/1");
        HttpProbe.Response r = purge(http, "tag=shoes", AUTH);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
        assertThat(r.text()).isEqualTo("{\"removed\":{\"tags\":{\"shoes\":2},\"paths\":{}},\"total\":2}");
        assertThat(http.get("/p/shoes/1").isHit()).isFalse();
        assertThat(http.get("/p/hats/1").isHit()).isTrue();
    }

    @Test
    void aPurgeByPathRemovesEveryVariantOfThePage() {
        HttpProbe http = start(10);
        for (String language : new String[] {"en", "de"}) {
            http.get("/search?q=a", "Accept-Language: " + language);
            assertThat(http.get("/search?q=a", "Accept-Language: " + language).isHit()).isTrue();
        }
        stored(http, "/search?q=b");
        HttpProbe.Response r = purge(http, "path=%2Fsearch%3Fq%3Da", AUTH);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"removed\":{\"tags\":{},\"paths\":{\"/search?q=a\":2}},\"total\":2}");
        assertThat(http.get("/search?q=a", "Accept-Language: de").isHit()).isFalse();
        assertThat(http.get("/search?q=b").isHit()).as("another page").isTrue();
    }

    @Test
    void allTrueRemovesEverything() {
        HttpProbe http = start(10);
        stored(http, "/p/shoes/1");
        stored(http, "/p/hats/1");
        HttpProbe.Response r = purge(http, "all=true", AUTH);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"cleared\":true}");
        assertThat(http.get("/p/shoes/1").isHit()).isFalse();
        assertThat(http.get("/p/hats/1").isHit()).isFalse();
    }

    @Test
    void onlyPostIsAnswered() {
        HttpProbe http = start(10);
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            HttpProbe.Response r = http.request(method, PATH, null, AUTH);
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("POST");
        }
        assertThat(page.renders()).as("the endpoint never reaches the application").isZero();
    }

    @Test
    void withoutTheTokenIs401AndWithAWrongOne403AndNothingIsRemoved() {
        HttpProbe http = start(10);
        stored(http, "/p/shoes/1");
        HttpProbe.Response none = purge(http, "all=true");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("www-authenticate")).contains("x-purge-token");
        assertThat(purge(http, "all=true", "X-Purge-Token: wrong").status()).isEqualTo(403);
        assertThat(purge(http, "all=true", "X-Purge-Token: " + TOKEN + "x").status()).isEqualTo(403);
        assertThat(http.get("/p/shoes/1").isHit()).isTrue();
    }

    @Test
    void aTokenInTheQueryStringIsRefusedAndNotAccepted() {
        HttpProbe http = start(10);
        stored(http, "/p/shoes/1");
        HttpProbe.Response queryOnly = http.request("POST", PATH + "?all=true&token=" + TOKEN, new byte[0], FORM);
        assertThat(queryOnly.status()).isEqualTo(400);
        assertThat(queryOnly.text()).contains("never in the query string");
        HttpProbe.Response both = http.request("POST", PATH + "?token=" + TOKEN, "all=true".getBytes(
                StandardCharsets.UTF_8), FORM, AUTH);
        assertThat(both.status()).as("refused even with the right header").isEqualTo(400);
        HttpProbe.Response inBody = purge(http, "all=true&token=" + TOKEN);
        assertThat(inBody.status()).as("a token in the body is no token either").isEqualTo(401);
        assertThat(http.get("/p/shoes/1").isHit()).isTrue();
    }

    @Test
    void badInputIs400() {
        HttpProbe http = start(10);
        assertThat(purge(http, "", AUTH).status()).isEqualTo(400);
        assertThat(purge(http, "tags=shoes", AUTH).status()).isEqualTo(400);
        assertThat(purge(http, "path=relative", AUTH).status()).isEqualTo(400);
        assertThat(purge(http, "all=yes", AUTH).status()).isEqualTo(400);
        HttpProbe.Response badTag = purge(http, "tag=a%20b", AUTH);
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.text()).startsWith("{\"error\":\"tag must be");
    }

    @Test
    void beyondTheRateIs429WithRetryAfterAndTheBucketRefills() {
        HttpProbe http = start(2);
        assertThat(purge(http, "tag=x", AUTH).status()).isEqualTo(200);
        assertThat(purge(http, "tag=x", AUTH).status()).isEqualTo(200);
        HttpProbe.Response limited = purge(http, "tag=x", AUTH);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(purge(http, "tag=x").status()).as("no token: refused without spending").isEqualTo(401);
        clock.advance(Duration.ofMillis(500));
        assertThat(purge(http, "tag=x", AUTH).status()).isEqualTo(200);
        assertThat(purge(http, "tag=x", AUTH).status()).isEqualTo(429);
    }

    @Test
    void theEndpointsPathIsNeverCachedAndTheTokenNeverLogged() {
        HttpProbe http;
        try (LogCapture log = new LogCapture()) {
            http = start(10);
            purge(http, "tag=x", AUTH);
            purge(http, "tag=x", "X-Purge-Token: wrong-token-guess");
            http.request("POST", PATH + "?token=" + TOKEN, new byte[0], FORM);
            assertThat(log.events()).noneMatch(e -> e.getFormattedMessage().contains(TOKEN))
                    .anyMatch(e -> e.getFormattedMessage().contains("purge-token=(redacted)"));
        }
        HttpProbe.Response get = http.get(PATH);
        assertThat(get.cacheStatus()).isNull();
        assertThat(http.get(PATH).status()).isEqualTo(405);
        assertThat(TestRedis.inspector().getKeys().getKeysStreamByPattern(site.prefix() + ":p:*").count()).isZero();
    }
}
