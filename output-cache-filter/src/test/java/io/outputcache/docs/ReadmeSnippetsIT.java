package io.outputcache.docs;

import io.outputcache.OutputCache;
import io.outputcache.RedisInvariants;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.MarkdownSnippets;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Runs the README's two configuration snippets exactly as written. */
class ReadmeSnippetsIT {
    static final Path README = Path.of("..", "README.md");

    @TempDir
    Path temp;
    private Server server;

    @BeforeEach
    void redisUrlForThePlaceholder() {
        System.setProperty("REDIS_URL", TestRedis.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            OutputCache cache = (OutputCache) ((ServletContextHandler) server.getHandler()).getServletContext()
                    .getAttribute(OutputCache.ATTRIBUTE);
            if (cache != null) {
                cache.clear(); // the snippets use the fixed prefix "myshop"
            }
            server.stop();
        }
        System.clearProperty("REDIS_URL");
        RedisInvariants.assertEveryKeyExpires("myshop");
    }

    static String snippet(String name, String language) throws IOException {
        return MarkdownSnippets.snippet(README, "readme", name, language);
    }

    @Test
    void webXmlSnippetDeploysACachingFilter() throws Exception {
        Path dir = MarkdownSnippets.webAppWithPageServlet(temp.resolve("webapp"), snippet("web.xml", "xml"));
        WebAppContext webapp = webApp(dir);
        HttpProbe http = start(webapp);
        http.get("/products/1");
        HttpProbe.Response second = http.get("/products/1");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).contains("render #1");
        assertThat(http.get("/cart").cacheStatus()).isNull();
        assertThat(OutputCache.from(webapp.getServletContext()).stats().hits()).isEqualTo(1);
    }

    @Test
    void misconfiguredWebXmlFailsAtStartNamingTheParameter() throws Exception {
        Path dir = MarkdownSnippets.webApp(temp.resolve("bad"), snippet("web.xml", "xml")
                .replace("<param-value>5m</param-value>", "<param-value>five minutes</param-value>"));
        WebAppContext webapp = webApp(dir);
        assertThatThrownBy(() -> start(webapp)).isInstanceOf(ServletException.class)
                .hasMessageContaining("init-param 'rule.pages.ttl'").hasMessageContaining("five minutes");
        server.stop();
        server = null;
    }

    @Test
    void builderSnippetCompilesAndCaches() throws Exception {
        String source = """
                package snippet;
                import io.outputcache.*;
                import jakarta.servlet.DispatcherType;
                import java.time.Duration;
                import java.util.EnumSet;
                import org.eclipse.jetty.ee10.servlet.FilterHolder;
                import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
                public final class Snippet {
                    public static void configure(ServletContextHandler context) {
                %s
                    }
                }
                """.formatted(snippet("builder", "java"));
        Path src = Files.createDirectories(temp.resolve("src/snippet")).resolve("Snippet.java");
        Files.writeString(src, source);
        ServletContextHandler context = new ServletContextHandler();
        PageServlet page = new PageServlet();
        context.addServlet(new ServletHolder(page), "/*");
        try (URLClassLoader loader =
                MarkdownSnippets.compile(src, temp.resolve("classes"), getClass().getClassLoader())) {
            loader.loadClass("snippet.Snippet").getMethod("configure", ServletContextHandler.class).invoke(null, context);
        }
        HttpProbe http = start(context);
        String first = http.get("/category/shoes/red").text();
        // The snippet keeps the default 150 ms store timeout; on a busy machine one call may time out (and
        // render again, as designed), so wait for the hit instead of demanding it on the second request.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/category/shoes/red").isHit());
        assertThat(http.get("/category/shoes/red").text()).startsWith(first.substring(0, first.indexOf("render #")));
        assertThat(http.get("/cart").cacheStatus()).isNull();
    }

    /** A web application from the directory, failing its start when the filter does not initialise. */
    private static WebAppContext webApp(Path dir) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(dir);
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    private HttpProbe start(ServletContextHandler handler) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return new HttpProbe("127.0.0.1", connector.getLocalPort());
    }
}
