package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.ServletContainer;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's behaviour where it leans on the servlet container, checked on each container it supports
 * (Jetty 12 and Tomcat 10.1, see {@link ServletContainer}): sessions and their cookie, asynchronous cycles,
 * {@code sendError}/{@code sendRedirect}, HEAD, {@code flushBuffer}, and the path the container decodes and
 * dispatches on. Every test runs once per container; the containers run with their defaults, sessions on.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class ContainerMatrixIT {
    private final ServletContainer.Kind kind;
    private final PageServlet page = new PageServlet();
    private final String prefix = TestRedis.newPrefix();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private ServletContainer container;
    private OutputCache cache;

    ContainerMatrixIT(ServletContainer.Kind kind) {
        this.kind = kind;
    }

    private HttpProbe start(HttpServlet servlet, CacheRule.Builder rule,
                            UnaryOperator<OutputCacheConfig.Builder> extra) {
        OutputCacheConfig config = extra.apply(OutputCacheConfig.builder()
                        .redisUrl(TestRedis.url())
                        .keyPrefix(prefix)
                        .debugHeaders(true)
                        // generous: these tests are about HTTP behaviour, on a machine that may be busy
                        .storeTimeout(Duration.ofSeconds(2))
                        .rule(rule.build()))
                .build();
        OutputCacheFilter filter = new OutputCacheFilter(config);
        container = kind.builder().servlet("/*", servlet).filter(filter).start();
        cache = filter.outputCache();
        return container.client();
    }

    private HttpProbe start(CacheRule.Builder rule) {
        return start(page, rule, UnaryOperator.identity());
    }

    private HttpProbe startDefault() {
        return start(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        writer.shutdownNow();
        if (container != null) {
            container.close();
        }
        RedisInvariants.assertEveryKeyExpires(prefix);
    }

    // ---- sessions and their cookie

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

    // ---- asynchronous cycles

    /** How the async servlet answers. */
    private enum Style { COMPLETE_LATER, NEVER_COMPLETE, DISPATCH }

    /**
     * Answers asynchronously (startAsync, then write and complete on another thread, as a proxy servlet does),
     * or lets the cycle time out, or dispatches it back to itself.
     */
    private final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final Style style;
        private final AtomicInteger renders = new AtomicInteger();

        AsyncServlet(Style style) {
            this.style = style;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
                write(res, "dispatched " + renders.get()); // the second pass after dispatch()
                return;
            }
            int n = renders.incrementAndGet();
            AsyncContext async = req.startAsync();
            switch (style) {
                case COMPLETE_LATER -> writer.submit(() -> {
                    try {
                        res.setHeader("Cache-Control", "max-age=60");
                        write(res, "async page " + n);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        async.complete();
                    }
                });
                case NEVER_COMPLETE -> async.setTimeout(200);
                case DISPATCH -> writer.submit(() -> {
                    res.setHeader("Cache-Control", "max-age=60");
                    async.dispatch();
                });
            }
        }

        private void write(HttpServletResponse res, String text) throws IOException {
            res.setContentType("text/plain;charset=utf-8");
            res.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private AsyncServlet startAsync(Style style, CacheMode mode) {
        CacheRule.Builder rule = CacheRule.builder("pages").include("/**").mode(mode);
        if (mode == CacheMode.OUTPUT) {
            rule.ttl(Duration.ofMinutes(1));
        }
        AsyncServlet servlet = new AsyncServlet(style);
        start(servlet, rule, UnaryOperator.identity());
        return servlet;
    }

    @Test
    void anAsynchronousPageIsStoredAndTheNextRequestIsAHitInHttpMode() {
        AsyncServlet servlet = startAsync(Style.COMPLETE_LATER, CacheMode.HTTP);
        HttpProbe http = container.client();
        HttpProbe.Response first = http.get("/a");
        HttpProbe.Response second = http.get("/a");
        assertThat(first.text()).isEqualTo("async page 1");
        assertThat(first.cacheStatus()).contains("stored");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).isEqualTo("async page 1");
        assertThat(servlet.renders.get()).isEqualTo(1);
    }

    @Test
    void anAsynchronousPageIsStoredInOutputModeToo() {
        startAsync(Style.COMPLETE_LATER, CacheMode.OUTPUT);
        HttpProbe http = container.client();
        http.get("/b");
        HttpProbe.Response second = http.get("/b");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).isEqualTo("async page 1");
    }

    @Test
    void anAsyncCycleThatTimesOutIsNotStoredAndDoesNotHoldUpTheNextRequest() {
        AsyncServlet servlet = startAsync(Style.NEVER_COMPLETE, CacheMode.HTTP);
        HttpProbe http = container.client();
        HttpProbe.Response first = http.get("/c");
        long before = System.nanoTime();
        HttpProbe.Response second = http.get("/c");
        long tookMs = (System.nanoTime() - before) / 1_000_000;
        assertThat(first.status()).isEqualTo(500); // the container's answer to an unhandled async timeout
        assertThat(second.isHit()).isFalse();
        assertThat(servlet.renders.get()).isEqualTo(2);
        // A flight left in the air would make the second request wait the coalesce wait (5 s) first.
        assertThat(tookMs).isLessThan(4000);
    }

    @Test
    void aDispatchedAsyncCycleReachesTheClientWholeAndIsNotStored() {
        AsyncServlet servlet = startAsync(Style.DISPATCH, CacheMode.HTTP);
        HttpProbe http = container.client();
        HttpProbe.Response first = http.get("/d");
        HttpProbe.Response second = http.get("/d");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo("dispatched 1");
        assertThat(second.isHit()).isFalse();
        assertThat(servlet.renders.get()).isEqualTo(2);
    }

    // ---- sendError and sendRedirect: the container writes the body

    @Test
    void sendErrorIsNeverStored() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> res.sendError(503, "down"));
        assertThat(http.get("/a").status()).isEqualTo(503);
        assertThat(http.get("/a").status()).isEqualTo(503);
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void sendErrorAfterPartOfTheBodyWasWrittenSendsOnlyTheContainersErrorPage() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> {
            res.setContentType("text/html");
            res.getWriter().print("<p>half a page</p>");
            res.sendError(500);
        });
        HttpProbe.Response first = http.get("/a");
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.text()).doesNotContain("half a page");
        assertThat(http.get("/a").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void sendRedirectReachesTheClientAndIsNeverStored() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> res.sendRedirect("/elsewhere"));
        HttpProbe.Response first = http.get("/old");
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("location")).endsWith("/elsewhere");
        assertThat(first.cacheStatus()).as("cache-status").satisfiesAnyOf(
                cs -> assertThat(cs).isNull(), cs -> assertThat(cs).doesNotContain("stored"));
        HttpProbe.Response second = http.get("/old");
        assertThat(second.status()).isEqualTo(302);
        assertThat(second.isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
    }

    // ---- HEAD

    @Test
    void headIsAnsweredFromTheGetEntryWithoutBody() {
        HttpProbe http = startDefault();
        HttpProbe.Response get = http.get("/a");
        HttpProbe.Response head = http.head("/a");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.isHit()).isTrue();
        assertThat(head.rawBody()).isEmpty();
        assertThat(head.header("content-length")).isEqualTo(Integer.toString(get.rawBody().length));
    }

    @Test
    void headOnAMissRendersAGetAndStoresIt() {
        HttpProbe http = startDefault();
        HttpProbe.Response head = http.head("/a");
        assertThat(head.rawBody()).isEmpty();
        assertThat(head.cacheStatus()).contains("stored");
        HttpProbe.Response get = http.get("/a");
        assertThat(get.isHit()).isTrue();
        assertThat(get.text()).contains("page /a");
    }

    // ---- flushBuffer

    @Test
    void flushBufferInTheMiddleOfAPageDoesNotCommitItAndTheWholePageIsStored() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> {
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().print("<p>top</p>");
            res.flushBuffer();
            // A committed response could no longer take the filter's headers: the page must still be held.
            res.setHeader("X-After-Flush", "still-settable");
            res.getWriter().print("<p>bottom " + n + "</p>");
        });
        HttpProbe.Response first = http.get("/a");
        assertThat(first.text()).isEqualTo("<p>top</p><p>bottom 1</p>");
        assertThat(first.header("x-after-flush")).isEqualTo("still-settable");
        assertThat(first.cacheStatus()).contains("stored");
        HttpProbe.Response second = http.get("/a");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).isEqualTo("<p>top</p><p>bottom 1</p>");
        assertThat(second.header("x-after-flush")).isEqualTo("still-settable");
    }

    @Test
    void flushBufferOnAPageOverTheLimitStreamsTheRestWhole() {
        HttpProbe http = start(page, CacheRule.builder("pages").include("/**"), b -> b.maxBodySize(1024));
        byte[] head = "h".repeat(600).getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "t".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        page.behave((req, res, n) -> {
            res.setContentType("application/octet-stream");
            res.getOutputStream().write(head);
            res.flushBuffer();
            res.getOutputStream().write(tail);
            res.flushBuffer(); // streaming by now: this one reaches the container and commits
        });
        HttpProbe.Response first = http.get("/big");
        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.rawBody(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(head, StandardCharsets.US_ASCII) + new String(tail, StandardCharsets.US_ASCII));
        assertThat(first.cacheStatus()).contains("detail=too-large");
        assertThat(http.get("/big").isHit()).isFalse();
    }

    // ---- the path the container decodes

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

    static void write(HttpServletResponse res, String body) {
        res.setContentType("text/plain;charset=UTF-8");
        try {
            res.getWriter().print(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
