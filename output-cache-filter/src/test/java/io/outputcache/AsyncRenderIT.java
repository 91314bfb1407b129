package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.AsyncContext;
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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages an application answers asynchronously (startAsync, then write and complete on another thread, as a proxy
 * servlet does) are captured and stored like synchronous ones; the other ends of an async cycle (timeout,
 * dispatch) let the response through unstored.
 */
class AsyncRenderIT {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final AtomicInteger renders = new AtomicInteger();
    private Server server;
    private ServerConnector connector;

    /** How the test servlet answers. */
    private enum Style { COMPLETE_LATER, NEVER_COMPLETE, DISPATCH }

    private final class AsyncServlet extends HttpServlet {
        private final Style style;
        private final String cacheControl;

        AsyncServlet(Style style, String cacheControl) {
            this.style = style;
            this.cacheControl = cacheControl;
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
                        res.setHeader("Cache-Control", cacheControl);
                        write(res, "async page " + n);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } finally {
                        async.complete();
                    }
                });
                case NEVER_COMPLETE -> async.setTimeout(200);
                case DISPATCH -> writer.submit(() -> {
                    res.setHeader("Cache-Control", cacheControl);
                    async.dispatch();
                });
            }
        }

        private void write(HttpServletResponse res, String text) throws IOException {
            res.setContentType("text/plain;charset=utf-8");
            res.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private HttpProbe start(Style style, CacheMode mode) throws Exception {
        CacheRule.Builder rule = CacheRule.builder("pages").include("/**").mode(mode);
        if (mode == CacheMode.OUTPUT) {
            rule.ttl(Duration.ofMinutes(1));
        }
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                .rule(rule.build()).build());
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder(new AsyncServlet(style, "max-age=60"));
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        return new HttpProbe("127.0.0.1", connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        writer.shutdownNow();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anAsynchronousPageIsStoredAndTheNextRequestIsAHitInHttpMode() throws Exception {
        HttpProbe http = start(Style.COMPLETE_LATER, CacheMode.HTTP);
        HttpProbe.Response first = http.get("/a");
        HttpProbe.Response second = http.get("/a");
        assertThat(first.text()).isEqualTo("async page 1");
        assertThat(first.cacheStatus()).contains("stored");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).isEqualTo("async page 1");
        assertThat(renders.get()).isEqualTo(1);
    }

    @Test
    void anAsynchronousPageIsStoredInOutputModeToo() throws Exception {
        HttpProbe http = start(Style.COMPLETE_LATER, CacheMode.OUTPUT);
        http.get("/b");
        HttpProbe.Response second = http.get("/b");
        assertThat(second.isHit()).isTrue();
        assertThat(second.text()).isEqualTo("async page 1");
    }

    @Test
    void anAsyncCycleThatTimesOutIsNotStoredAndDoesNotHoldUpTheNextRequest() throws Exception {
        HttpProbe http = start(Style.NEVER_COMPLETE, CacheMode.HTTP);
        HttpProbe.Response first = http.get("/c");
        long before = System.nanoTime();
        HttpProbe.Response second = http.get("/c");
        long tookMs = (System.nanoTime() - before) / 1_000_000;
        assertThat(first.status()).isEqualTo(500); // the container's answer to an unhandled async timeout
        assertThat(second.isHit()).isFalse();
        assertThat(renders.get()).isEqualTo(2);
        // A flight left in the air would make the second request wait the coalesce wait (5 s) first.
        assertThat(tookMs).isLessThan(4000);
    }

    @Test
    void aDispatchedAsyncCycleReachesTheClientWholeAndIsNotStored() throws Exception {
        HttpProbe http = start(Style.DISPATCH, CacheMode.HTTP);
        HttpProbe.Response first = http.get("/d");
        HttpProbe.Response second = http.get("/d");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo("dispatched 1");
        assertThat(second.isHit()).isFalse();
        assertThat(renders.get()).isEqualTo(2);
    }
}
