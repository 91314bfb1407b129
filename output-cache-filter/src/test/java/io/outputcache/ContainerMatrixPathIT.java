package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.ServletContainer;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path the container decodes and dispatches on, on each servlet container the filter supports (Jetty 12 and
 * Tomcat 10.1, see {@link ServletContainer}): escaped characters, a non-root context path, and the deception paths
 * (docs/security.md keeps the table of how each container answered). Every test runs once per container, with the
 * container's defaults. The rest of the container matrix is in {@link ContainerMatrixIT}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class ContainerMatrixPathIT extends ContainerMatrixCase {
    ContainerMatrixPathIT(ServletContainer.Kind kind) {
        super(kind);
    }

    @Test
    void anEscapedUnreservedCharacterIsTheSamePageAsThePlainOne() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> write(res, "dispatched on " + req.getServletPath() + req.getPathInfo()));
        HttpProbe.Response escaped = http.get("/p%61ge");
        assertThat(escaped.text()).isEqualTo("dispatched on /page");
        assertThat(escaped.cacheStatus()).contains("stored");
        HttpProbe.Response plain = http.get("/page");
        assertThat(plain.isHit()).isTrue();
        assertThat(plain.text()).isEqualTo("dispatched on /page");
    }

    @Test
    void aPageUnderANonRootContextIsKeyedWithinItAndInvalidatedByItsPathThere() {
        CacheRule.Builder rule = CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1));
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(TestRedis.url())
                .keyPrefix(prefix).debugHeaders(true).storeTimeout(Duration.ofSeconds(2)).rule(rule.build()).build());
        container = kind.builder().contextPath("/shop").servlet("/*", page).filter(filter).start();
        cache = filter.outputCache();
        HttpProbe http = container.client();
        assertThat(http.get("/shop/a").text()).contains("page /shop/a");
        assertThat(http.get("/shop/a").isHit()).isTrue();
        assertThat(cache.invalidatePath("/a")).isEqualTo(1);
        assertThat(http.get("/shop/a").isHit()).isFalse();
        assertThat(OutputCache.from(container.servletContext())).isSameAs(cache);
    }

    private static final String VICTIM = "Cookie: user=victim-4411";
    private static final String PRIVATE = "account of victim-4411";

    /**
     * The deception paths of {@code DeceptionTest}, plus one with a path parameter before the dot-segments, on each
     * container. A lenient router (suffix matching, catch-all controllers): everything under {@code /account} is the
     * signed-in user's page, whatever suffix follows; it routes on the path the container decoded.
     */
    private static final class LenientRouter extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            if (path.startsWith("/static/") && path.endsWith(".css")) {
                res.setContentType("text/css");
                res.getWriter().print("body { color: black }");
                return;
            }
            if (path.startsWith("/account") || path.startsWith("/static/")) {
                String user = Arrays.stream(req.getCookies() == null ? new Cookie[0] : req.getCookies())
                        .filter(c -> c.getName().equals("user")).map(Cookie::getValue).findFirst().orElse("nobody");
                res.setContentType("text/html;charset=UTF-8");
                res.getWriter().print("<html><body><h1>account of " + user + "</h1></body></html>");
                return;
            }
            res.setStatus(404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/account/x.css", "/account/x.js", "/account/logo.png", "/account;x.css",
            "/account%3Bx.css", "/account%23x.css", "/account%2e%2e/x.css", "/account/%2e%2e/account/x.css",
            "/account/.%2e/account/x.css", "/static/..%2Faccount", "/static/%2e%2e/account", "/static/..;/account",
            "/static/x;/../../account", "/account%2Fx.css", "/account%2fx.css", "/account%5Cx.css",
            "/account/x.css%00", "/account/x.CSS", "/static/account.css;x", "//account/x.css", "/account/x.css?v=1"})
    void aPathTheContainerDecodesDifferentlyNeverServesThePrivatePageToAnotherClient(String path) {
        start(new LenientRouter(), CacheRule.builder("assets")
                .include("/*.css", "/**/*.css", "/*.js", "/**/*.js", "/**/*.png", "/static/**")
                .ttl(Duration.ofHours(1)), UnaryOperator.identity());
        HttpProbe http = container.client();
        HttpProbe.Response victim = http.get(path, VICTIM);
        HttpProbe.Response attacker = http.get(path);
        // For the report: how each container answered each form (docs/security.md keeps the table).
        System.out.println(container.description() + " " + path + " -> " + victim.status() + " "
                + victim.cacheStatus());
        // The container may reject a hostile form itself (400): then nothing reached the cache at all.
        assertThat(victim.status()).isNotEqualTo(500);
        assertThat(attacker.text()).doesNotContain(PRIVATE);
        if (victim.text().contains(PRIVATE)) {
            // The private page itself is never stored. (A form the container resolves to a real stylesheet, such
            // as /static/account.css;x, may be: it is the public stylesheet the router answers.)
            assertThat(cache.stats().stores()).as("stores after " + path).isZero();
            assertThat(victim.cacheStatus()).as("cache-status").satisfiesAnyOf(
                    cs -> assertThat(cs).isNull(), cs -> assertThat(cs).doesNotContain("stored"));
        }
    }
}
