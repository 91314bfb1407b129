package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.testing.HttpProbe;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leak guard on what it would store besides the body, with Jetty's real sessions: a page whose response
 * fields carry the session id or the CSRF token (a per-session header, a CSP nonce that is the token), or whose
 * body carries a value only URL-encoded, is not stored, and no other session is ever handed it. The rule vouches
 * for its pages ({@code same-for-every-user}) so that the guard alone is under test: with the defaults the
 * signed-in requests would bypass before it ran (PersonalPageTest).
 */
class HeaderLeakTest {
    @RegisterExtension
    final SessionSite site = new SessionSite();

    private HttpProbe start() {
        return start(OutputCacheConfig.builder());
    }

    private HttpProbe start(OutputCacheConfig.Builder config) {
        return site.start(config, CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5))
                .sameForEveryUser(true).build(), new HeaderApp());
    }

    @Test
    void aPerSessionResponseHeaderIsNotStoredNorServedToAnotherSession() {
        HttpProbe http = start();
        String alice = signIn(http);
        String bob = signIn(http);
        HttpProbe.Response own = http.get("/app", "Cookie: " + alice);
        String aliceId = own.header("x-session-check");
        assertThat(alice).contains("=" + aliceId); // the cookie carries the id (and Jetty's node suffix)
        assertThat(own.text()).doesNotContain(aliceId); // the body alone would have passed
        assertThat(own.cacheStatus()).contains("detail=leak-guard-session-id-in-x-session-check")
                .doesNotContain("stored");
        for (int i = 0; i < 3; i++) {
            HttpProbe.Response other = http.get("/app", "Cookie: " + bob);
            assertThat(other.header("x-session-check")).isNotEqualTo(aliceId);
            assertThat(http.get("/app").header("x-session-check")).isNull();
        }
        assertThat(site.cache().stats().refusals().get("leak-guard")).isPositive();
    }

    @Test
    void withTheLeakGuardOffTheSessionsHeaderIsStoredAndReplayedToAnotherSession() {
        // The control: proves that the guard's look at the header fields, not another check, keeps the page out.
        HttpProbe http = start(OutputCacheConfig.builder().leakGuard(false));
        String alice = signIn(http);
        String bob = signIn(http);
        String aliceId = http.get("/app", "Cookie: " + alice).header("x-session-check");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> aliceId.equals(http.get("/app", "Cookie: " + bob).header("x-session-check")));
    }

    @Test
    void aCspNonceThatIsTheCsrfTokenIsNotStored() {
        HttpProbe http = start();
        String token = "n0nce+Tok/en9f8e7d==";
        HttpProbe.Response first = http.get("/csp", "Cookie: XSRF-TOKEN=" + token);
        assertThat(first.header("content-security-policy")).contains(token);
        assertThat(first.cacheStatus()).contains("leak-guard-cookie-xsrf-token-in-content-security-policy");
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/csp").header("content-security-policy")).doesNotContain(token);
        }
    }

    @Test
    void aTokenThatAppearsOnlyUrlEncodedInTheBodyIsFound() {
        HttpProbe http = start();
        String token = "ab+cd/ef9f8e7d==";
        HttpProbe.Response first = http.get("/link", "Cookie: XSRF-TOKEN=" + token);
        assertThat(first.text()).contains("ab%2Bcd%2Fef9f8e7d%3D%3D").doesNotContain(token);
        assertThat(first.cacheStatus()).contains("detail=leak-guard-cookie-xsrf-token").doesNotContain("stored");
        assertThat(http.get("/link").text()).doesNotContain("ab%2Bcd");
    }

    @Test
    void anAnonymousPageWithTheSameFieldsIsStillCached() {
        HttpProbe http = start();
        assertThat(http.get("/csp").cacheStatus()).contains("stored");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/csp").isHit());
    }

    private static String signIn(HttpProbe http) {
        return SessionSite.signIn(http, "/login");
    }

    /** Puts per-user values in response fields, and a URL-encoded one in a link. */
    private static final class HeaderApp extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            String token = xsrf(req);
            switch (req.getRequestURI()) {
                case "/login" -> req.getSession(true).setAttribute("user", "someone");
                case "/app" -> {
                    HttpSession session = req.getSession(false);
                    if (session != null) {
                        res.setHeader("X-Session-Check", session.getId());
                    }
                }
                case "/csp" -> res.setHeader("Content-Security-Policy",
                        "script-src 'self' 'nonce-" + (token == null ? "static0nce" : token) + "'");
                case "/link" -> res.getWriter().print("<a href=\"/logout?t="
                        + (token == null ? "" : URLEncoder.encode(token, StandardCharsets.UTF_8)) + "\">out</a>");
                default -> res.setStatus(404);
            }
            res.getWriter().print("<p>page</p>");
        }

        private static String xsrf(HttpServletRequest req) {
            return req.getCookies() == null ? null : Arrays.stream(req.getCookies())
                    .filter(c -> c.getName().equals("XSRF-TOKEN")).map(Cookie::getValue).findFirst().orElse(null);
        }
    }
}
