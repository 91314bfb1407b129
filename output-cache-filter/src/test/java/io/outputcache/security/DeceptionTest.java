package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web cache deception: a victim is lured to a URL that the application answers with their private page, but
 * that looks static to the cache. The application here is a lenient router (as frameworks with suffix matching
 * or catch-all controllers are): every path starting with {@code /account} renders the signed-in user's page,
 * whatever suffix or delimiter follows. The cache has the classic "static assets" rule plus a catch-all rule.
 * After each victim request, an anonymous attacker requests the same URL: the victim's page must never come
 * back, and no private page may be stored at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeceptionTest {
    /** How each path was answered (status and Cache-Status), for the report written after the suite. */
    final java.util.Map<String, String> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();

    private static final String VICTIM = "Cookie: user=victim-4411";
    private static final String PRIVATE = "account of victim-4411";
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCacheFilter filter;
    private HttpProbe http;

    /** The demo-like private page: no Cache-Control, no Set-Cookie, nothing that tells a cache it is private. */
    static final class LenientRouter extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = req.getRequestURI();
            if (path.startsWith("/static/") && path.endsWith(".css")) {
                res.setContentType("text/css");
                res.getWriter().print("body { color: black }");
                return;
            }
            if (path.startsWith("/account") || path.startsWith("/static/")) {
                String user = Optional.ofNullable(req.getCookies()).stream().flatMap(java.util.Arrays::stream)
                        .filter(c -> c.getName().equals("user")).map(jakarta.servlet.http.Cookie::getValue)
                        .findFirst().orElse("nobody");
                res.setContentType("text/html;charset=UTF-8");
                res.getWriter().print("<html><body><h1>account of " + user + "</h1></body></html>");
                return;
            }
            res.setStatus(404);
        }
    }

    @BeforeAll
    void start() {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .debugHeaders(true)
                .rule(CacheRule.builder("assets").include("/*.css", "/**/*.css", "/*.js", "/**/*.js", "/**/*.png", "/static/**")
                        .ttl(Duration.ofHours(1)).build())
                .rule(CacheRule.builder("catalogue").include("/products/**").ttl(Duration.ofMinutes(5)).build())
                .build());
        server = TestServer.builder().servlet("/", new LenientRouter()).filter(filter).start();
        configure(server);
        http = server.client();
    }

    /** A hook for a variant of the suite that runs on a more lenient container. */
    void configure(TestServer started) {
    }

    @AfterAll
    void stop() {
        outcomes.forEach((path, outcome) -> System.out.println(getClass().getSimpleName() + " " + path + " -> " + outcome));
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/account/x.css", "/account/x.js", "/account/logo.png", "/account;x.css",
            "/account%3Bx.css", "/account%23x.css", "/account%2e%2e/x.css", "/account/%2e%2e/account/x.css",
            "/account/.%2e/account/x.css", "/static/..%2Faccount", "/static/%2e%2e/account", "/static/..;/account",
            "/account%2Fx.css", "/account%2fx.css", "/account%5Cx.css", "/account/x.css%00", "/account/x.CSS",
            "/static/account.css;x", "//account/x.css", "/account/x.css?v=1"})
    void thePrivatePageIsNeverServedToAnotherClientNorStoredUnderAStaticLookingKey(String path) {
        long storesBefore = filter.outputCache().stats().stores();
        HttpProbe.Response victim = http.get(path, VICTIM);
        HttpProbe.Response attacker = http.get(path);
        HttpProbe.Response attackerAgain = http.get(path);
        outcomes.put(path, victim.status() + " " + victim.cacheStatus());
        // Jetty may reject a hostile form itself (400): then nothing reached the cache at all.
        assertThat(victim.status()).isNotEqualTo(500);
        assertThat(attacker.text()).doesNotContain(PRIVATE);
        assertThat(attackerAgain.text()).doesNotContain(PRIVATE);
        assertThat(filter.outputCache().stats().stores()).as("stores after " + path).isEqualTo(storesBefore);
        if (victim.status() == 200 && victim.cacheStatus() != null) {
            assertThat(victim.cacheStatus()).doesNotContain("stored");
        }
    }

    @Test
    void aDynamicPageUnderAStaticExtensionIsRefusedAsATypeMismatch() {
        HttpProbe.Response victim = http.get("/account/profile.css", VICTIM);
        assertThat(victim.text()).contains(PRIVATE);
        assertThat(victim.cacheStatus()).contains("type-mismatch-css").doesNotContain("stored");
    }

    @Test
    void aRealStylesheetIsStillStored() {
        http.get("/static/site.css");
        HttpProbe.Response second = http.get("/static/site.css");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).contains("color: black");
    }
}
