package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.testing.HttpProbe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The careless application of issue 11 behind the catch-all rule of docs/configuration.md, with Jetty's real
 * sessions: it greets its user from a session attribute and sets no Cache-Control. Whatever the variant of the
 * URL, a page rendered for one user never reaches an anonymous client or another signed-in user, both with the
 * default (signed-in requests bypass) and with the bypass off (the render's reads are what keep it out).
 */
class PersonalPageTest {
    /** The account page's URL and the variants a cache may key differently (deception, normalisation). */
    private static final List<String> VARIANTS = List.of("/account", "/account;x.css", "/account/x.html",
            "/account/", "/account?tab=1");

    @RegisterExtension
    final SessionSite site = new SessionSite();

    private HttpProbe start(UnaryOperator<CacheRule.Builder> rule) {
        CacheRule pages = rule.apply(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5))).build();
        return site.start(OutputCacheConfig.builder(), pages, new CarelessApp());
    }

    @Test
    void byDefaultASignedInRequestBypassesAndItsPageReachesNoOneElse() {
        HttpProbe http = start(r -> r);
        String alice = signIn(http, "alice");
        String bob = signIn(http, "bob");
        for (String url : VARIANTS) {
            HttpProbe.Response own = http.get(url, "Cookie: " + alice);
            assertThat(own.text()).contains("Hello alice");
            assertThat(own.cacheStatus()).contains("fwd=bypass").contains("signed-in");
        }
        for (String url : VARIANTS) {
            for (int i = 0; i < 2; i++) {
                assertThat(http.get(url).text()).as(url).doesNotContain("alice").contains("Hello guest");
                assertThat(http.get(url, "Cookie: " + bob).text()).as(url).doesNotContain("alice").contains("Hello bob");
            }
        }
    }

    @Test
    void withTheBypassOffAPageThatReadTheSessionIsNotStored() {
        HttpProbe http = start(r -> r.bypassSignedIn(false));
        String alice = signIn(http, "alice");
        String bob = signIn(http, "bob");
        for (String url : VARIANTS) {
            HttpProbe.Response own = http.get(url, "Cookie: " + alice);
            assertThat(own.text()).contains("Hello alice");
            assertThat(own.cacheStatus()).doesNotContain("stored");
        }
        assertThat(http.get("/account", "Cookie: " + alice).cacheStatus()).contains("detail=personal");
        for (String url : VARIANTS) {
            for (int i = 0; i < 2; i++) {
                assertThat(http.get(url).text()).as(url).doesNotContain("alice");
                // Bob may be handed the guest's stored page (why the bypass is on by default), never Alice's.
                assertThat(http.get(url, "Cookie: " + bob).text()).as(url).doesNotContain("alice")
                        .containsAnyOf("Hello bob", "Hello guest");
            }
        }
        assertThat(site.cache().stats().refusals().get("personal")).isPositive();
    }

    @Test
    void aPageThatReadsNothingOfItsUserIsStillCached() {
        HttpProbe http = start(r -> r.bypassSignedIn(false));
        String alice = signIn(http, "alice");
        assertThat(http.get("/catalogue", "Cookie: " + alice).cacheStatus()).contains("stored");
        HttpProbe.Response anonymous = http.get("/catalogue");
        assertThat(anonymous.isHit()).isTrue();
        assertThat(anonymous.text()).isEqualTo("<p>catalogue</p>");
    }

    @Test
    void anAnonymousRenderThatFindsNoUserIsCached() {
        HttpProbe http = start(r -> r);
        assertThat(http.get("/account").cacheStatus()).contains("stored");
        assertThat(http.get("/account").isHit()).isTrue();
        String alice = signIn(http, "alice");
        // The signed-in user is never served the guest's stored page either: she bypasses.
        assertThat(http.get("/account", "Cookie: " + alice).text()).contains("Hello alice");
    }

    @Test
    void sameForEveryUserStoresWhatTheRenderReadAndStopsBypassing() {
        HttpProbe http = start(r -> r.sameForEveryUser(true));
        String alice = signIn(http, "alice");
        assertThat(http.get("/touches-session", "Cookie: " + alice).cacheStatus()).contains("stored");
        assertThat(http.get("/touches-session").isHit()).isTrue();
    }

    private static String signIn(HttpProbe http, String user) {
        return SessionSite.signIn(http, "/login?user=" + user);
    }

    /** Greets from the session on every path but the catalogue; sets no Cache-Control. */
    private static final class CarelessApp extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            String path = req.getRequestURI();
            if (path.equals("/login")) {
                req.getSession(true).setAttribute("user", req.getParameter("user"));
                res.getWriter().print("<p>signed in</p>");
                return;
            }
            if (path.equals("/catalogue")) {
                res.getWriter().print("<p>catalogue</p>");
                return;
            }
            HttpSession session = req.getSession(false);
            if (path.equals("/touches-session")) {
                res.getWriter().print("<p>the same for everyone</p>");
                return;
            }
            Object user = session == null ? null : session.getAttribute("user");
            res.getWriter().print("<p>Hello " + (user == null ? "guest" : user) + "</p>"
                    + "<input name=\"csrf\" value=\"" + (session == null ? "none" : "t-" + session.getId().hashCode())
                    + "\">");
        }
    }
}
