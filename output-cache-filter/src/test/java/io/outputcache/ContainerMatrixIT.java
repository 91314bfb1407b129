package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.ServletContainer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's behaviour where it leans on the servlet container for how a response is written, checked on each
 * container it supports (Jetty 12 and Tomcat 10.1, see {@link ServletContainer}): asynchronous cycles,
 * {@code sendError}/{@code sendRedirect}, HEAD and {@code flushBuffer}. Sessions and their cookie are in
 * {@link ContainerMatrixSessionIT}, the path the container decodes and dispatches on in {@link ContainerMatrixPathIT}.
 * Every test runs once per container; the containers run with their defaults, sessions on.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class ContainerMatrixIT extends ContainerMatrixCase {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    ContainerMatrixIT(ServletContainer.Kind kind) {
        super(kind);
    }

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
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
}
