package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.InFrontOf;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poisoning through a request wrapper an earlier filter puts in front of the cache, whose {@code getHeader}
 * answers a forwarding field that its {@code getHeaderNames} does not list (as hand-written wrappers that map one
 * proxy's field onto another's often do). The key must still include it: the filter asks a wrapped request about
 * every keyed name instead of trusting its list. End to end, on Jetty and Redis, with the application reflecting
 * the field as a page building absolute links would.
 */
class WrappedRequestPoisoningTest {
    private static final String MARKER = "wrapped-poison-41c9";
    private static final AtomicInteger PATHS = new AtomicInteger();
    private static final PageServlet PAGE = new PageServlet();
    private static TestServer server;

    /** Answers X-Forwarded-Host from the proxy's own X-Edge-Host, without listing it among the names. */
    private static final class EdgeHostRequest extends HttpServletRequestWrapper {
        EdgeHostRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            if (name.equalsIgnoreCase("X-Forwarded-Host")) {
                String edge = super.getHeader("X-Edge-Host");
                return edge != null ? edge : super.getHeader(name);
            }
            return super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            return name.equalsIgnoreCase("X-Forwarded-Host") && value != null
                    ? java.util.Collections.enumeration(java.util.List.of(value)) : super.getHeaders(name);
        }
    }

    /** The wrapping filter in front, and the output cache behind it, as one filter in the test server. */
    private static final class WrapThenCache extends InFrontOf {

        WrapThenCache(OutputCacheFilter cache) {
            super(cache);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            behind.doFilter(new EdgeHostRequest((HttpServletRequest) request), response, chain);
        }

    }

    @BeforeAll
    static void start() {
        PAGE.behave((req, res, n) -> {
            res.setContentType("text/html;charset=UTF-8");
            String host = req.getHeader("X-Forwarded-Host");
            res.getWriter().print("<html><body><a href=\"https://" + (host != null ? host : req.getServerName())
                    + "/next\">next</a></body></html>");
        });
        OutputCacheFilter cache = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().servlet("/*", PAGE).filter(new WrapThenCache(cache)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aForwardingFieldOnlyTheWrapperAnswersIsKeyedAndReachesOnlyItsOwnEntry() {
        HttpProbe http = server.client();
        String target = "/page-" + PATHS.incrementAndGet();
        HttpProbe.Response attack = http.get(target, "X-Edge-Host: " + MARKER + ".example");
        assertThat(attack.text()).as("the application reflects what the wrapper answers").contains(MARKER);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get(target, "X-Edge-Host: " + MARKER + ".example"), HttpProbe.Response::isHit);

        HttpProbe.Response clean = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    HttpProbe.Response r = http.get(target);
                    assertThat(r.text()).doesNotContain(MARKER);
                    return r;
                }, HttpProbe.Response::isHit);
        assertThat(clean.text()).doesNotContain(MARKER).contains("https://127.0.0.1/next");
    }
}
