package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page that reads its user only inside {@code oc:hole}s is still cached, with Jetty's real sessions and real
 * Thymeleaf: holes are filled per request and never stored, so their reads do not make the page personal (and
 * Thymeleaf's own set-up of the web context reads nothing of the user).
 */
class HoleIdentityIT {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String sessionUser(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        return session == null ? "guest" : String.valueOf(session.getAttribute("user"));
    }

    @Test
    void aTemplateReadingTheSessionOutsideAHoleIsNotStored() {
        HttpProbe http = start();
        String alice = http.get("/login?user=alice").header("set-cookie").split(";")[0];
        HttpProbe.Response page = http.get("/p/greeting", "Cookie: " + alice);
        assertThat(page.text()).contains("Hello alice");
        assertThat(page.cacheStatus()).contains("detail=personal").doesNotContain("stored");
        assertThat(http.get("/p/greeting").text()).doesNotContain("alice");
    }

    @Test
    void aPageReadingTheSessionOnlyInHolesIsStoredAndEachUserSeesTheirOwn() {
        HttpProbe http = start();
        String alice = http.get("/login?user=alice").header("set-cookie").split(";")[0];
        String bob = http.get("/login?user=bob").header("set-cookie").split(";")[0];

        HttpProbe.Response first = http.get("/p/withholes", "Cookie: " + alice);
        assertThat(first.text()).contains("cart-of-alice").contains("token-of-alice");
        assertThat(first.cacheStatus()).contains("stored").doesNotContain("personal");

        HttpProbe.Response second = http.get("/p/withholes", "Cookie: " + bob);
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).contains("cart-of-bob").contains("token-of-bob").doesNotContain("alice");
        assertThat(http.get("/p/withholes").text()).contains("cart-of-guest").doesNotContain("alice");
    }

    private HttpProbe start() {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).debugHeaders(true).storeTimeout(Duration.ofSeconds(2))
                // Let signed-in requests reach the store, so that what is tested is the render's reads.
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(5)).bypassSignedIn(false)
                        .build()).build());
        server = TestServer.builder().sessions(true).filter(filter)
                .servlet("/login", new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                        req.getSession(true).setAttribute("user", req.getParameter("user"));
                        res.getWriter().print("signed in");
                    }
                })
                .servlet("/p/*", new TemplateServlet()).start();
        filter.outputCache().fragments().registerHole("cartCount", (req, res) ->
                "<span class=\"cart\">cart-of-" + sessionUser(req) + "</span>");
        filter.outputCache().fragments().registerHole("csrf", (req, res) ->
                "<input type=\"hidden\" name=\"token\" value=\"token-of-" + sessionUser(req) + "\">");
        return server.client();
    }
}
