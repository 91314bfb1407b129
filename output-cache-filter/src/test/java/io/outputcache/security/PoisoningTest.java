package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web cache poisoning: with the default configuration, no unkeyed request input may change a page that other
 * clients are served. Each attack sends a marker the application reflects (as real applications reflect
 * forwarding headers into absolute links); a clean request afterwards must never see it.
 */
class PoisoningTest {
    private static final String MARKER = "poison-7f3a";
    private static final PageServlet.Behaviour REFLECTING = (req, res, n) -> {
        res.setContentType("text/html;charset=UTF-8");
        res.getWriter().print(reflectingPage(req));
    };
    private static final java.util.concurrent.atomic.AtomicInteger PATHS = new java.util.concurrent.atomic.AtomicInteger();
    /** One server with the default configuration serves most tests (each on its own path), to keep the suite fast. */
    private static TestServer shared;
    private static OutputCacheFilter sharedFilter;
    private static final PageServlet page = new PageServlet();
    private TestServer server;
    private OutputCacheFilter filter;
    private String target;

    @BeforeEach
    void freshPath() {
        page.behave(REFLECTING);
        target = "/page-" + PATHS.incrementAndGet();
    }

    @AfterAll
    static void stopShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /** A page that trusts everything a proxy or client may send, as careless applications do. */
    private static String reflectingPage(HttpServletRequest req) throws java.io.IOException {
        StringBuilder html = new StringBuilder("<html><body><h1>home</h1>");
        html.append("<link href=\"").append(req.getScheme()).append("://").append(req.getServerName()).append("/app.css\">");
        for (String name : Collections.list(req.getHeaderNames())) {
            if (name.toLowerCase().startsWith("x-") || name.equalsIgnoreCase("forwarded")) {
                html.append("<p>").append(name).append('=').append(req.getHeader(name)).append("</p>");
            }
        }
        byte[] body = req.getInputStream().readAllBytes();
        html.append("<p>body=").append(new String(body, StandardCharsets.UTF_8)).append("</p>");
        return html.append("</body></html>").toString();
    }

    /** A server of its own, for a test that needs another configuration. */
    private HttpProbe start(OutputCacheConfig.Builder config) {
        filter = new OutputCacheFilter(config.redisUrl(TestRedis.url()).keyPrefix(TestRedis.newPrefix())
                .debugHeaders(true)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        return server.client();
    }

    /** The shared server with the default configuration. */
    private HttpProbe start() {
        if (shared == null) {
            sharedFilter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                    .keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                    .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
            shared = TestServer.builder().servlet("/*", page).filter(sharedFilter).start();
        }
        filter = sharedFilter;
        return shared.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The attack, then clean requests until one is a hit (the store write is asynchronous, so the first repeat
     * may still miss): no clean response may carry the marker, and clean requests must still share the cache.
     */
    private void assertCleanRequestsUnpoisoned(HttpProbe http, String target) {
        HttpProbe.Response clean = http.get(target);
        assertThat(clean.status()).isEqualTo(200);
        assertThat(clean.text()).doesNotContain(MARKER);
        HttpProbe.Response again = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    HttpProbe.Response r = http.get(target);
                    assertThat(r.text()).doesNotContain(MARKER);
                    return r;
                }, HttpProbe.Response::isHit);
        assertThat(again.text()).doesNotContain(MARKER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Host: " + MARKER + ".example", "X-Forwarded-Scheme: " + MARKER,
            "X-Forwarded-Proto: " + MARKER, "X-Forwarded-Port: 1" + MARKER, "X-Forwarded-Prefix: /" + MARKER,
            "Forwarded: host=" + MARKER + ".example;proto=https", "X-Host: " + MARKER + ".example",
            "X-Forwarded-Server: " + MARKER})
    void forwardingHeadersAreKeyedSoTheyOnlyReachTheirOwnEntry(String header) {
        HttpProbe http = start();
        HttpProbe.Response attack = http.get(target, header);
        assertThat(attack.text()).contains(MARKER); // the application did reflect it...
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get(target, header), HttpProbe.Response::isHit); // a forged request has its own entry
        assertCleanRequestsUnpoisoned(http, target); // ...but only into the forged request's own entry
    }

    @Test
    void withoutKeyingForwardingHeadersTheSameAttackPoisonsThePage() {
        // The control: proves the suite detects poisoning, and why keyed-forwarding-headers must not be emptied
        // unless a proxy in front strips these fields.
        HttpProbe http = start(OutputCacheConfig.builder().keyedForwardingHeaders(java.util.List.of()));
        http.get(target, "X-Forwarded-Host: " + MARKER + ".example");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get(target).text().contains(MARKER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Original-URL: /" + MARKER, "X-Rewrite-URL: /" + MARKER,
            "X-HTTP-Method-Override: " + MARKER, "X-HTTP-Method: " + MARKER, "X-Method-Override: " + MARKER})
    void urlAndMethodOverrideHeadersBypassTheCache(String header) {
        HttpProbe http = start();
        HttpProbe.Response attack = http.get(target, header);
        assertThat(attack.cacheStatus()).contains("fwd=bypass").contains("override-header");
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void aGetWithABodyBypassesTheCache() {
        HttpProbe http = start();
        HttpProbe.Response attack = http.request("GET", target, MARKER.getBytes(StandardCharsets.UTF_8));
        assertThat(attack.text()).contains(MARKER);
        assertThat(attack.cacheStatus()).contains("fwd=bypass").contains("request-body");
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void aChunkedGetBodyBypassesTheCache() {
        HttpProbe http = start();
        String raw = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + shared.port() + "\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(MARKER.length()) + "\r\n" + MARKER + "\r\n0\r\n\r\n";
        HttpProbe.Response attack = http.send(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(attack.cacheStatus()).contains("fwd=bypass");
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void aForeignHostIsKeyedSeparatelyWhenNoAllowListIsSet() {
        HttpProbe http = start();
        HttpProbe.Response attack = http.get(target, "Host: " + MARKER + ".example");
        assertThat(attack.text()).contains(MARKER);
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void aHostOutsideTheAllowListBypasses() {
        HttpProbe http = start(OutputCacheConfig.builder().allowedHosts("127.0.0.1"));
        HttpProbe.Response attack = http.get(target, "Host: " + MARKER + ".example");
        assertThat(attack.cacheStatus()).contains("fwd=bypass").contains("unknown-host");
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void aContainerThatHonoursForwardingHeadersStillCannotBePoisoned() {
        HttpProbe http = start(OutputCacheConfig.builder());
        server.server().getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .addCustomizer(new ForwardedRequestCustomizer());
        HttpProbe.Response attack = http.get(target, "X-Forwarded-Host: " + MARKER + ".example",
                "X-Forwarded-Proto: https");
        assertThat(attack.text()).contains("https://" + MARKER + ".example/app.css");
        assertCleanRequestsUnpoisoned(http, target);
    }

    @Test
    void anErrorPageProvokedByARequestIsNeverStored() {
        page.behave((req, res) -> {
            try {
                if (req.getHeader("X-Oversize") != null) {
                    res.setStatus(400); // CPDoS: the application (or a proxy) rejects something unkeyed
                    res.setContentType("text/html");
                    res.getWriter().print("bad request " + MARKER);
                    return;
                }
                res.setContentType("text/html");
                res.getWriter().print("<p>the real page</p>");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpProbe http = start();
        HttpProbe.Response attack = http.get(target, "X-Oversize: " + "x".repeat(100));
        assertThat(attack.status()).isEqualTo(400);
        assertThat(attack.cacheStatus()).doesNotContain("stored").contains("status-400");
        assertCleanRequestsUnpoisoned(http, target);
        assertThat(filter.outputCache().stats().refusals()).containsKey("status");
    }

    @Test
    void serverErrorsAreNeverStoredEither() {
        page.behave((req, res) -> {
            res.setStatus(req.getHeader("X-Break") != null ? 503 : 200);
            res.setContentType("text/html");
            try {
                res.getWriter().print(req.getHeader("X-Break") != null ? "down " + MARKER : "<p>fine</p>");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpProbe http = start();
        assertThat(http.get(target, "X-Break: 1").cacheStatus()).doesNotContain("stored");
        assertCleanRequestsUnpoisoned(http, target);
    }
}
