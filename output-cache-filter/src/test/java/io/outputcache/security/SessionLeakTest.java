package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak guard with the container's real sessions (the shared test server runs without them): a page that
 * prints the session id, as URL rewriting and "debug" footers do, is not stored. Jetty's session cookie carries
 * the node suffix ({@code node0abc.node0}) while the page prints {@code getId()} ({@code node0abc}), so only the
 * session check, not the cookie check, can catch it.
 */
class SessionLeakTest {
    private Server server;
    private OutputCacheFilter filter;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html");
                if (req.getRequestURI().equals("/login")) {
                    req.getSession(true).setAttribute("user", "x");
                    res.getWriter().print("<p>signed in</p>");
                    return;
                }
                var session = req.getSession(false);
                res.getWriter().print("<p>page</p>" + (session == null ? "" : "<!-- session " + session.getId() + " -->"));
            }
        }), "/*");
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                .rule(CacheRule.builder("everything").include("/**").ttl(Duration.ofMinutes(5))
                        // Let the signed-in request reach the store pipeline, so that the leak guard is what is tested.
                        .bypassSignedIn(false).build()).build());
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aPagePrintingTheSessionIdIsNotStored() {
        HttpProbe http = new HttpProbe("127.0.0.1", ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        HttpProbe.Response login = http.get("/login");
        assertThat(login.cacheStatus()).contains("set-cookie"); // creating the session is never stored either
        String cookie = login.header("set-cookie").split(";")[0];
        String sessionId = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.'));

        HttpProbe.Response page = http.get("/account", "Cookie: " + cookie);
        assertThat(page.text()).contains(sessionId);
        assertThat(page.cacheStatus()).contains("leak-guard-session-id").doesNotContain("stored");
        HttpProbe.Response other = http.get("/account");
        assertThat(other.text()).doesNotContain(sessionId);
    }
}
