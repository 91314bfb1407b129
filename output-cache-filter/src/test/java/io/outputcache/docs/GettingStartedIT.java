package io.outputcache.docs;

import io.outputcache.OutputCache;
import io.outputcache.RedisInvariants;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LoopbackTomcat;
import io.outputcache.testing.MarkdownSnippets;
import io.outputcache.testing.TestRedis;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the three paths of docs/getting-started.md exactly as written: the Spring Boot properties (and YAML) in a
 * Boot application, the web.xml deployed on an embedded Tomcat, and the Jetty program compiled and started.
 */
class GettingStartedIT {
    static final Path DOC = Path.of("..", "docs", "getting-started.md");
    static final String PREFIX = "myapp";

    @TempDir
    Path temp;
    private AutoCloseable running;
    private OutputCache cache;

    @BeforeEach
    void redisUrlForThePlaceholders() {
        System.setProperty("REDIS_URL", TestRedis.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (cache != null) {
            cache.clear(); // the snippets use the fixed prefix "myapp"
        }
        if (running != null) {
            running.close();
        }
        System.clearProperty("REDIS_URL");
        RedisInvariants.assertEveryKeyExpires(PREFIX);
    }

    static String snippet(String name, String language) throws IOException {
        return MarkdownSnippets.snippet(DOC, "getting-started", name, language);
    }

    /** The page is rendered and stored, then served from the store; a path no rule covers passes through. */
    private static void assertCaches(HttpProbe http, String path) {
        HttpProbe.Response first = http.get(path);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cacheStatus()).contains("fwd=uri-miss", "stored");
        // The snippets keep the default 150 ms store timeout; on a busy machine one call may time out (and
        // render again, as designed), so wait for the hit instead of demanding it on the second request. A hit
        // is one of the renders served before it, byte for byte.
        List<String> rendered = new ArrayList<>(List.of(first.text()));
        HttpProbe.Response hit = await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpProbe.Response next = http.get(path);
            if (!next.isHit()) {
                rendered.add(next.text());
            }
            return next;
        }, HttpProbe.Response::isHit);
        assertThat(rendered).contains(hit.text());
        assertThat(http.get("/cart").cacheStatus()).isNull();
    }

    private void startBoot(Path config) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GettingStartedBootApp.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "spring.config.location=file:" + config.toAbsolutePath())
                .run();
        running = context::close;
        cache = context.getBean(OutputCache.class);
        assertCaches(new HttpProbe("127.0.0.1", ((ServletWebServerApplicationContext) context).getWebServer().getPort()),
                "/products/1");
    }

    @Test
    void springBootPropertiesCacheTheRulesPages() throws Exception {
        Path file = Files.writeString(temp.resolve("application.properties"), snippet("boot-properties", "properties"));
        startBoot(file);
    }

    @Test
    void springBootYamlCachesTheRulesPages() throws Exception {
        Path file = Files.writeString(temp.resolve("application.yml"), snippet("boot-yaml", "yaml"));
        startBoot(file);
    }

    @Test
    void webXmlOnTomcatCachesTheRulesPages() throws Exception {
        Path webapp = MarkdownSnippets.webAppWithPageServlet(temp.resolve("webapp"), snippet("web.xml", "xml"));
        Tomcat tomcat = LoopbackTomcat.create(Files.createDirectories(temp.resolve("tomcat")));
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
        context.setParentClassLoader(getClass().getClassLoader());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        running = () -> {
            tomcat.stop();
            tomcat.destroy();
        };
        assertThat(context.getState()).as("the web application started").isEqualTo(LifecycleState.STARTED);
        cache = OutputCache.from(context.getServletContext());
        assertCaches(new HttpProbe("127.0.0.1", tomcat.getConnector().getLocalPort()), "/products/1");
    }

    @Test
    void jettyProgramCompilesStartsAndCaches() throws Exception {
        Path src = Files.createDirectories(temp.resolve("src")).resolve("ShopServer.java");
        Files.writeString(src, snippet("jetty", "java"));
        URLClassLoader loader = MarkdownSnippets.compile(src, temp.resolve("classes"), getClass().getClassLoader());
        Server server = (Server) loader.loadClass("ShopServer").getMethod("start", int.class, String.class)
                .invoke(null, 0, TestRedis.url());
        running = () -> {
            server.stop();
            loader.close();
        };
        cache = OutputCache.from(((ServletContextHandler) server.getHandler()).getServletContext());
        int port = ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
        assertCaches(new HttpProbe("127.0.0.1", port), "/products/1");
        assertCaches(new HttpProbe("127.0.0.1", port), "/category/shoes/red");
    }
}
