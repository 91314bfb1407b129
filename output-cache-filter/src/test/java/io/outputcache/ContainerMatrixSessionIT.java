package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and their cookie on each servlet container the filter supports (Jetty 12 and Tomcat 10.1, see
 * {@link ServletContainer}): a page printing the session id, a session created after the body was written, a hit
 * filled by a signed-in client, a session id sent in the path. Every test runs once per container, with the
 * container's defaults, sessions on. The rest of the container matrix is in {@link ContainerMatrixIT}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class ContainerMatrixSessionIT extends ContainerMatrixCase {
    ContainerMatrixSessionIT(ServletContainer.Kind kind) {
        super(kind);
    }

    @Test
    void aPagePrintingTheSessionIdIsNotStored() {
        HttpProbe http = start(new SessionServlet(), CacheRule.builder("everything").include("/**")
                .ttl(Duration.ofMinutes(5)).bypassSignedIn(false), UnaryOperator.identity()); // the leak guard alone
        HttpProbe.Response login = http.get("/login");
        assertThat(login.cacheStatus()).contains("set-cookie"); // creating the session is never stored either
        String cookie = login.header("set-cookie").split(";")[0];
        String sessionId = sessionId(cookie);

        HttpProbe.Response page = http.get("/account", "Cookie: " + cookie);
        assertThat(page.text()).contains(sessionId);
        assertThat(page.cacheStatus()).contains("leak-guard-session-id").doesNotContain("stored");
        HttpProbe.Response other = http.get("/account");
        assertThat(other.text()).doesNotContain(sessionId);
    }

    @Test
    void aSessionCreatedAfterTheBodyIsWrittenStillKeepsThePageOutOfTheCache() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> {
            PageServlet.standardPage(req, res, n);
            // The body is held by the filter, so the response is not committed and the container may still
            // add its session cookie, which it does on the response it owns, not through the filter's wrapper.
            req.getSession(true);
        });
        HttpProbe.Response first = http.get("/late");
        assertThat(first.header("set-cookie")).startsWith("JSESSIONID=");
        assertThat(first.cacheStatus()).contains("set-cookie").doesNotContain("stored");
        HttpProbe.Response second = http.get("/late");
        assertThat(second.isHit()).isFalse();
        assertThat(second.header("set-cookie")).isNotEqualTo(first.header("set-cookie"));
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void aHitNeverCarriesTheSessionCookieOfTheClientThatFilledIt() {
        HttpProbe http = start(new SessionServlet(), CacheRule.builder("everything").include("/**")
                .ttl(Duration.ofMinutes(5)).bypassSignedIn(false), UnaryOperator.identity()); // the leak guard alone
        String cookie = http.get("/login").header("set-cookie").split(";")[0];
        HttpProbe.Response filled = http.get("/news", "Cookie: " + cookie);
        assertThat(filled.cacheStatus()).contains("stored");
        HttpProbe.Response anonymous = http.get("/news");
        assertThat(anonymous.isHit()).isTrue();
        assertThat(anonymous.header("set-cookie")).isNull();
        assertThat(anonymous.text()).doesNotContain(sessionId(cookie));
    }

    @Test
    void aSessionIdSentInThePathInsteadOfACookieIsCaughtByTheLeakGuardToo() {
        HttpProbe http = start(new SessionServlet(), CacheRule.builder("everything").include("/**")
                .ttl(Duration.ofMinutes(5)).bypassSignedIn(false), UnaryOperator.identity()); // the leak guard alone
        String sessionId = sessionId(http.get("/login").header("set-cookie").split(";")[0]);
        // URL rewriting (;jsessionid=, Servlet 6.0 section 7.1.3) is on by default in both containers.
        HttpProbe.Response rewritten = http.get("/account;jsessionid=" + sessionId);
        assertThat(rewritten.text()).contains(sessionId);
        // Jetty answers a session found through the URL with its cookie again (refused as set-cookie before
        // the body is looked at); Tomcat does not, and the leak guard finds the id in the body.
        assertThat(rewritten.cacheStatus()).containsAnyOf("leak-guard-session-id", "detail=set-cookie")
                .doesNotContain("stored");
        assertThat(http.get("/account").text()).doesNotContain(sessionId);
    }

    /** {@code /login} creates a session; {@code /account} prints its id; every other path is public. */
    private static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            if (req.getRequestURI().equals("/login")) {
                req.getSession(true).setAttribute("user", "x");
                res.getWriter().print("<p>signed in</p>");
                return;
            }
            if (req.getRequestURI().equals("/account")) {
                var session = req.getSession(false);
                String comment = session == null ? "" : "<!-- session " + session.getId() + " -->";
                res.getWriter().print("<p>page</p>" + comment);
                return;
            }
            res.getWriter().print("<p>public page " + req.getRequestURI() + "</p>");
        }
    }

    /**
     * The id {@code getId()} returns, from a {@code JSESSIONID=...} pair: Jetty's cookie carries a node suffix
     * ({@code node0abc.node0}) that the id leaves out, Tomcat's is the id itself.
     */
    private static String sessionId(String cookiePair) {
        String value = cookiePair.substring(cookiePair.indexOf('=') + 1);
        int dot = value.indexOf('.');
        return dot < 0 ? value : value.substring(0, dot);
    }
}
