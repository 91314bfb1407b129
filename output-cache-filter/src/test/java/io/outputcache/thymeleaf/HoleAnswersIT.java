package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.InFrontOf;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hit writes a stored page without entering the application's chain: it leaves nothing of the filter's on the
 * request (the hole registry and the fragment round are put there only when something renders, {@code
 * RenderingChain}), except the hole registry when the page has holes, which are then filled for the client's own
 * user; so is a page refreshed in grace. Real Jetty, Redis and Thymeleaf.
 */
class HoleAnswersIT {
    private final TemplateServlet servlet = new TemplateServlet();
    /** The request attribute names each request had when the cache handed it back, in request order. */
    private final List<List<String>> attributesAfter = new CopyOnWriteArrayList<>();
    private TestServer server;

    /** Records what the cache left on the request; the cache itself is behind it. */
    private final class Recording extends InFrontOf {

        Recording(OutputCacheFilter cache) {
            super(cache);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            behind.doFilter(request, response, chain);
            attributesAfter.add(Collections.list(request.getAttributeNames()).stream()
                    .filter(name -> name.startsWith("io.outputcache.")).toList());
        }

    }

    private HttpProbe start(Duration ttl) {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(TestRedis.newPrefix()).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/p/**").ttl(ttl).grace(Duration.ofMinutes(1)).build())
                .build());
        server = TestServer.builder().servlet("/*", servlet).filter(new Recording(filter)).start();
        filter.outputCache().fragments().registerHole("cartCount", (req, res) ->
                "<span class=\"cart\">cart-of-" + TemplateServlet.user(req) + "</span>");
        filter.outputCache().fragments().registerHole("csrf", (req, res) ->
                "<input type=\"hidden\" name=\"token\" value=\"token-of-" + TemplateServlet.user(req) + "\">");
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageRefreshedInGraceIsFilledForTheUserWhoseRequestRefreshedIt() {
        // The first request in grace renders the refresh (Cache-Status fwd=stale, the page stored again) through
        // the chain; its holes are the refreshing user's, and the stored page keeps none of them.
        HttpProbe http = start(Duration.ofSeconds(1));
        assertThat(http.get("/p/withholes", "Cookie: user=alice").text()).contains("cart-of-alice");
        HttpProbe.Response refreshed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/p/withholes", "Cookie: user=bob"),
                        r -> r.cacheStatus() != null && r.cacheStatus().contains("fwd=stale"));
        assertThat(refreshed.text()).contains("cart-of-bob").contains("value=\"token-of-bob\"")
                .doesNotContain("alice").doesNotContain("oc:hole");
        HttpProbe.Response hit = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get("/p/withholes", "Cookie: user=alice"), HttpProbe.Response::isHit);
        assertThat(hit.text()).contains("cart-of-alice").doesNotContain("bob");
    }

    @Test
    void aHitLeavesNoAttributeOfTheFilterOnTheRequestUnlessItsPageHasHoles() {
        HttpProbe http = start(Duration.ofMinutes(5));
        http.get("/p/greeting");
        HttpProbe.Response hit = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get("/p/greeting"), HttpProbe.Response::isHit);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(attributesAfter.get(0)).as("a render: the registry and the fragment round").isNotEmpty();
        assertThat(attributesAfter.get(attributesAfter.size() - 1)).as("a hit without holes").isEmpty();

        http.get("/p/withholes", "Cookie: user=alice");
        HttpProbe.Response holesHit = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get("/p/withholes", "Cookie: user=bob"), HttpProbe.Response::isHit);
        assertThat(holesHit.text()).contains("cart-of-bob");
        assertThat(attributesAfter.get(attributesAfter.size() - 1)).as("a hit with holes: their renderers")
                .containsExactly("io.outputcache.internal.fragment.HoleRegistry");
    }
}
