package io.outputcache.security;

import ch.qos.logback.classic.Level;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.InFrontOf;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One user's page must never be served to another. The rule here is deliberately too broad (it covers every
 * path, as a hasty configuration would), so each defence is tested on its own: Set-Cookie, Cache-Control
 * private, Authorization, and the leak guard for pages that give no hint at all.
 */
class CrossUserTest {
    private final PageServlet page = new PageServlet();
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCacheFilter filter;

    /**
     * Stands in for container or framework authentication (which runs before the cache filter): the user named
     * by the test-only {@code X-Test-User} field becomes the request's principal, and a CSRF token is put in the
     * request attribute {@code _csrf}.
     */
    private static final class AuthenticatingCache extends InFrontOf {

        AuthenticatingCache(OutputCacheFilter cache) {
            super(cache);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String user = http.getHeader("X-Test-User");
            if (user == null) {
                behind.doFilter(request, response, chain);
                return;
            }
            http.setAttribute("_csrf", "csrf-" + user + "-9f8e7d6c");
            behind.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public Principal getUserPrincipal() {
                    return () -> user;
                }

                @Override
                public String getRemoteUser() {
                    return user;
                }
            }, response, chain);
        }

    }

    private HttpProbe start(OutputCacheConfig.Builder config) {
        filter = new OutputCacheFilter(config.redisUrl(TestRedis.url()).keyPrefix(prefix).debugHeaders(true)
                .errorLogInterval(Duration.ofMinutes(10))
                // The leak guard alone is under test here: the rule vouches for its pages, which turns off the
                // personal-page refusal and the signed-in bypass (tested in PersonalPageTest).
                .rule(CacheRule.builder("everything").include("/**").ttl(Duration.ofMinutes(5))
                        .sameForEveryUser(true).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(new AuthenticatingCache(filter)).start();
        return server.client();
    }

    private HttpProbe start() {
        return start(OutputCacheConfig.builder());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void html(HttpServletResponse res, String body) {
        res.setContentType("text/html;charset=UTF-8");
        try {
            res.getWriter().print("<html><body>" + body + "</body></html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a later, anonymous request never gets the user's body, even after the store had time. */
    private void assertNeverServedToOthers(HttpProbe http, String path, String privateText) {
        for (int i = 0; i < 3; i++) {
            HttpProbe.Response other = http.get(path);
            assertThat(other.text()).doesNotContain(privateText);
        }
    }

    @Test
    void aResponseThatSetsACookieIsNeverStored() {
        page.behave((req, res) -> {
            res.addHeader("Set-Cookie", "session=abc" + req.getHeader("X-Who") + "; HttpOnly");
            html(res, "<p>hello " + req.getHeader("X-Who") + "</p>");
        });
        HttpProbe http = start();
        HttpProbe.Response first = http.get("/welcome", "X-Who: carol");
        assertThat(first.cacheStatus()).contains("set-cookie").doesNotContain("stored");
        assertNeverServedToOthers(http, "/welcome", "carol");
    }

    @Test
    void aPrivateResponseIsNeverStored() {
        page.behave((req, res) -> {
            res.setHeader("Cache-Control", "private");
            html(res, "<p>orders of " + req.getHeader("X-Who") + "</p>");
        });
        HttpProbe http = start();
        assertThat(http.get("/orders", "X-Who: dave").cacheStatus()).contains("private");
        assertNeverServedToOthers(http, "/orders", "dave");
    }

    @Test
    void anAuthorizedRequestNeitherReadsNorWritesSharedPages() {
        page.behave((req, res) -> html(res, "<p>auth=" + req.getHeader("Authorization") + "</p>"));
        HttpProbe http = start();
        HttpProbe.Response authorized = http.get("/report", "Authorization: Basic ZXJpbjpzZWNyZXQ=");
        assertThat(authorized.cacheStatus()).contains("fwd=bypass").contains("authorization");
        assertNeverServedToOthers(http, "/report", "ZXJpbjpzZWNyZXQ=");
        // ...and a page stored for anonymous visitors is not served to the authorised client either.
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/report").isHit());
        assertThat(http.get("/report", "Authorization: Basic ZXJpbjpzZWNyZXQ=").isHit()).isFalse();
    }

    @Test
    void aPageEchoingTheSessionCookieIsCaughtByTheLeakGuard() {
        // The test server runs without session support, so the page reads the session cookie itself, as an
        // application that rewrites URLs would print its session id.
        page.behave((req, res) -> html(res, "<a href=\"/cart;jsessionid=" + java.util.Arrays.stream(req.getCookies())
                .filter(c -> c.getName().equals("JSESSIONID")).findFirst().orElseThrow().getValue() + "\">cart</a>"));
        HttpProbe http = start();
        HttpProbe.Response first = http.get("/shop", "Cookie: JSESSIONID=node0s3ss10n1d42");
        assertThat(first.text()).contains("node0s3ss10n1d42");
        assertThat(first.cacheStatus()).contains("leak-guard-cookie-jsessionid").doesNotContain("stored");
        assertNeverServedToOthers(http, "/shop", "node0s3ss10n1d42");
    }

    @Test
    void aPageEchoingAPerUserCookieIsCaughtByTheLeakGuard() {
        page.behave((req, res) -> html(res, "<meta name=csrf content=\"" + req.getHeader("Cookie").substring(11) + "\">"));
        HttpProbe http = start();
        HttpProbe.Response first = http.get("/form", "Cookie: XSRF-TOKEN=tok-55aa66bb");
        assertThat(first.cacheStatus()).contains("leak-guard-cookie-xsrf-token");
    }

    @Test
    void aPageEchoingTheUsersNameWithoutAnyHeaderHintIsCaughtByTheLeakGuard() {
        // The Orchard bug: "Welcome User1" served to everyone. No Set-Cookie, no private, no Authorization.
        page.behave((req, res) -> html(res, "<p>Welcome " + (req.getUserPrincipal() == null ? "guest"
                : req.getUserPrincipal().getName()) + "!</p>"));
        try (LogCapture log = LogCapture.library()) {
            HttpProbe http = start();
            HttpProbe.Response user = http.get("/home", "X-Test-User: frances");
            assertThat(user.text()).contains("Welcome frances!");
            assertThat(user.cacheStatus()).contains("leak-guard-principal").doesNotContain("stored");
            http.get("/home", "X-Test-User: frances");
            assertNeverServedToOthers(http, "/home", "frances");
            assertThat(filter.outputCache().stats().refusals()).containsEntry("leak-guard", 2L);
            // Logged once per path per interval, naming the kind of value and never the value itself.
            assertThat(log.messages(Level.WARN)).filteredOn(m -> m.contains("leak guard")).singleElement()
                    .satisfies(m -> assertThat(m).contains("/home").contains("principal").doesNotContain("frances"));
        }
    }

    @Test
    void aPageEchoingTheCsrfTokenAttributeIsCaughtByTheLeakGuard() {
        page.behave((req, res) -> html(res, "<input type=hidden name=_csrf value=\"" + req.getAttribute("_csrf") + "\">"));
        HttpProbe http = start(OutputCacheConfig.builder().leakGuardMinLength(20)); // longer than the user name
        HttpProbe.Response first = http.get("/checkout", "X-Test-User: gordon");
        assertThat(first.cacheStatus()).contains("leak-guard-attribute-_csrf");
    }

    @Test
    void anAnonymousVersionOfTheSamePageIsStillCached() {
        page.behave((req, res) -> html(res, "<p>Welcome " + (req.getUserPrincipal() == null ? "guest"
                : req.getUserPrincipal().getName()) + "!</p>"));
        HttpProbe http = start();
        http.get("/home");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/home").isHit());
    }

    @Test
    void withTheLeakGuardOffTheSamePageIsStoredAndLeaks() {
        // The control: proves that the guard, not some other check, keeps the name out of the cache.
        page.behave((req, res) -> html(res, "<p>Welcome " + (req.getUserPrincipal() == null ? "guest"
                : req.getUserPrincipal().getName()) + "!</p>"));
        HttpProbe http = start(OutputCacheConfig.builder().leakGuard(false));
        assertThat(http.get("/home", "X-Test-User: frances").cacheStatus()).contains("stored");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/home").text().contains("frances"));
    }
}
