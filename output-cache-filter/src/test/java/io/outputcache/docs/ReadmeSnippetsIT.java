package io.outputcache.docs;

import io.outputcache.OutputCache;
import io.outputcache.RedisInvariants;
import io.outputcache.testing.HttpProbe;
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

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    static String snippet(String marker, String language) throws IOException {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("<!-- readme:" + Pattern.quote(marker) + " -->\\s*```" + language + "\\n(.*?)```",
                Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README snippet %s", marker).isTrue();
        return m.group(1);
    }

    @Test
    void webXmlSnippetDeploysACachingFilter() throws Exception {
        Path webInf = Files.createDirectories(temp.resolve("webapp/WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                  <servlet>
                    <servlet-name>page</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>page</servlet-name>
                    <url-pattern>/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(snippet("web.xml", "xml"), PageServlet.class.getName()));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(temp.resolve("webapp"));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
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
        Path webInf = Files.createDirectories(temp.resolve("bad/WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                </web-app>
                """.formatted(snippet("web.xml", "xml").replace("<param-value>5m</param-value>",
                "<param-value>five minutes</param-value>")));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(temp.resolve("bad"));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
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
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        ServletContextHandler context = new ServletContextHandler();
        PageServlet page = new PageServlet();
        context.addServlet(new ServletHolder(page), "/*");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
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
