package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.fragment.FragmentCache;
import io.outputcache.fragment.FragmentSpec;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cached fragments get the page defences, with Jetty's real sessions and a real Redis. Every fragment prints a
 * render number, so a response from the store shows the number of an earlier render.
 */
class FragmentDefencesTest {
    private final AtomicInteger renders = new AtomicInteger();
    private TestServer server;
    private OutputCacheFilter filter;
    private HttpProbe http;

    @BeforeEach
    void start() {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                .rule(CacheRule.builder("pages").include("/pages/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().sessions(true).filter(filter).servlet("/*", new FragmentPages()).start();
        http = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The fragment's text, without the page around it. */
    private String fragment(String target, String... headers) {
        String text = http.get(target, headers).text();
        return text.substring(text.indexOf("<nav>"), text.indexOf("</nav>") + 6);
    }

    private long refusals(String reason) {
        return filter.outputCache().stats().refusals().getOrDefault(reason, 0L);
    }

    /** Waits until an anonymous request is served the stored fragment, and returns it. */
    private String storedFor(String target, String... headers) {
        String first = fragment(target, headers);
        await().atMost(Duration.ofSeconds(5)).until(() -> fragment(target, headers).equals(first));
        return first;
    }

    @Test
    void anAnonymousFragmentIsStoredAndShared() {
        String stored = storedFor("/plain");
        assertThat(fragment("/plain")).isEqualTo(stored);
        assertThat(filter.outputCache().stats().fragmentHits()).isPositive();
    }

    @Test
    void aFragmentForARequestWithAuthorizationIsNeitherReadNorStored() {
        String stored = storedFor("/plain");
        String authorised = fragment("/plain", "Authorization: Basic dTpw");
        assertThat(authorised).isNotEqualTo(stored); // rendered, not read from the store
        assertThat(refusals("fragment-authorization")).isEqualTo(1);
        assertThat(fragment("/plain")).isEqualTo(stored); // and nothing it rendered replaced the shared one
    }

    @Test
    void aFragmentOnABypassedPageIsNotShared() {
        fragment("/pages/one", "X-Original-URL: /admin");
        assertThat(refusals("fragment-page-bypassed")).isEqualTo(1);
    }

    @Test
    void aSignedInRequestsFragmentIsNotShared() {
        String cookie = http.get("/login").header("set-cookie").split(";")[0];
        String own = fragment("/greeting", "Cookie: " + cookie);
        assertThat(own).contains("Hello alice");
        assertThat(refusals("fragment-signed-in")).isEqualTo(1);
        assertThat(fragment("/greeting")).doesNotContain("alice").contains("Hello guest");
    }

    @Test
    void aFragmentWithAUrlRewrittenSessionIdIsNotStored() {
        String first = fragment("/rewritten");
        assertThat(first).contains(";jsessionid=");
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals("fragment-jsessionid") >= 1);
        String second = fragment("/rewritten");
        assertThat(second).isNotEqualTo(first); // rendered again, for its own session
        assertThat(filter.outputCache().stats().fragmentStores()).isZero();
    }

    @Test
    void aFragmentHoldingTheSessionIdIsCaughtByTheLeakGuard() {
        String first = fragment("/session-id");
        assertThat(refusals("fragment-leak-guard-session-id")).isEqualTo(1);
        assertThat(fragment("/session-id")).isNotEqualTo(first);
    }

    @Test
    void fragmentsAreKeyedByHost() {
        String a = storedFor("/host", "Host: a.example");
        String b = fragment("/host", "Host: b.example");
        assertThat(a).contains("http://a.example");
        assertThat(b).contains("http://b.example").doesNotContain("a.example");
    }

    /** Pages around one cached fragment, whose content depends on the path. */
    private final class FragmentPages extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            String path = req.getRequestURI();
            if (path.equals("/login")) {
                req.getSession(true).setAttribute("user", "alice");
                res.getWriter().print("<p>signed in</p>");
                return;
            }
            FragmentCache fragments = filter.outputCache().fragments();
            String name = path.startsWith("/pages/") ? "plain" : path.substring(1);
            String html = fragments.getOrCompute(FragmentSpec.builder(name).ttl(Duration.ofMinutes(5)).build(), req,
                    () -> FragmentCache.Rendered.shareable("<nav>" + content(name, req, res) + " #"
                            + renders.incrementAndGet() + "</nav>"));
            res.getWriter().print("<html><body>" + html + "<p>page</p></body></html>");
        }

        private String content(String name, HttpServletRequest req, HttpServletResponse res) {
            return switch (name) {
                case "greeting" -> {
                    HttpSession session = req.getSession(false);
                    yield "Hello " + (session == null ? "guest" : session.getAttribute("user"));
                }
                case "rewritten" -> {
                    req.getSession(true); // a new session, no cookie yet: encodeURL rewrites the link
                    yield "<a href=\"" + res.encodeURL("/cart") + "\">cart</a>";
                }
                case "session-id" -> "<!-- " + req.getSession(true).getId() + " -->";
                case "host" -> "<a href=\"http://" + req.getServerName() + "/\">home</a>";
                default -> "menu";
            };
        }
    }
}
