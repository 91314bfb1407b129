package io.outputcache;

import ch.qos.logback.classic.Level;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.InFrontOf;
import io.outputcache.testing.LateReads;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code async-store-reads}: a lookup that waits for Redis gives the request thread back. Real Jetty, real Redis:
 * an observing filter in front of the cache records, for each dispatch, its type and whether the request was left
 * async-started (the thread given back).
 */
class AsyncStoreReadsIT {
    private static final String HOST = "Host: shop.test";

    private final String prefix = TestRedis.newPrefix();
    private final List<TestServer> servers = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> dispatches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<DispatcherType> renderedOn = new ConcurrentLinkedQueue<>();
    private final PageServlet page = new PageServlet().behave((req, res, n) -> {
        renderedOn.add(req.getDispatcherType());
        PageServlet.standardPage(req, res, n);
    });
    private RedisProcess redis;
    private OutputCacheFilter filter;
    private Observing observing;

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    private OutputCacheConfig.Builder config(String redisUrl, boolean async) {
        return OutputCacheConfig.builder().redisUrl(redisUrl).keyPrefix(prefix).debugHeaders(true)
                .storeTimeout(Duration.ofMillis(300)).asyncStoreReads(async)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)).build());
    }

    private HttpProbe start(OutputCacheConfig config, boolean asyncServlets, EnumSet<DispatcherType> types) {
        filter = new OutputCacheFilter(config);
        observing = new Observing(filter);
        TestServer server = TestServer.builder().servlet("/*", page).filter(observing)
                .asyncServlets(asyncServlets).dispatcherTypes(types).start();
        servers.add(server);
        return server.client();
    }

    private HttpProbe startAsync() {
        OutputCacheConfig config = config(TestRedis.url(), true).store(slowReads()).build();
        return start(config, true, new OutputCacheFilter(config).dispatcherTypes());
    }

    /** The headers a client sees, without those that differ by the second (Date, Age). */
    private static Map<String, List<String>> stableHeaders(HttpProbe.Response response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers());
        headers.remove("date");
        headers.remove("age");
        headers.computeIfPresent("cache-status", (k, v) -> List.of(v.get(0).replaceAll("ttl=\\d+", "ttl=")));
        return headers;
    }

    /** The test Redis, its GETs answered 20 ms late, so that the lookup is in flight when the filter looks. */
    private PageStore slowReads() {
        return new LateReads(RedisPageStore.connect(config(TestRedis.url(), false).build()), Duration.ofMillis(20));
    }

    @Test
    void hitIsServedWithTheThreadGivenBackAndTheSameBytesAndHeadersAsASynchronousHit() {
        HttpProbe sync = start(config(TestRedis.url(), false).build(), true, EnumSet.of(DispatcherType.REQUEST));
        HttpProbe async = startAsync();
        // One Host for both servers, so that they share the key (keys carry the host and port).
        sync.get("/a", HOST); // stored by the synchronous node
        String etag = sync.get("/a", HOST).header("etag");
        String[][] requests = {{HOST}, {HOST, "Accept-Encoding: gzip"}, {HOST, "If-None-Match: " + etag}};
        for (String[] headers : requests) {
            HttpProbe.Response expected = sync.get("/a", headers);
            dispatches.clear();
            written.clear();
            HttpProbe.Response actual = async.get("/a", headers);
            String as = String.join(", ", headers);
            assertThat(expected.isHit() || expected.status() == 304).as(as).isTrue();
            assertThat(actual.status()).as(as).isEqualTo(expected.status());
            assertThat(actual.rawBody()).as(as).isEqualTo(expected.rawBody());
            assertThat(stableHeaders(actual)).as(as).isEqualTo(stableHeaders(expected));
            assertThat(dispatches).as(as).containsExactly("REQUEST");
            assertThat(written).as(as + ": the hit is written after the thread was given back")
                    .containsExactly("elsewhere");
        }
        HttpProbe.Response head = async.head("/a", HOST);
        assertThat(stableHeaders(head)).isEqualTo(stableHeaders(sync.head("/a", HOST)));
        assertThat(head.rawBody()).isEmpty();
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void missGoesOnOnTheAsyncDispatchRendersOnceAndIsStored() {
        HttpProbe http = startAsync();
        HttpProbe.Response miss = http.get("/m");
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.cacheStatus()).isEqualTo("outputcache; fwd=uri-miss; fwd-status=200; stored; ttl=60");
        assertThat(dispatches).containsExactly("REQUEST", "ASYNC");
        assertThat(written).as("nothing written before the ASYNC dispatch").containsExactly("on the dispatch thread");
        assertThat(renderedOn).containsExactly(DispatcherType.ASYNC);
        HttpProbe.Response hit = http.get("/m");
        assertThat(hit.isHit()).isTrue();
        assertThat(hit.text()).isEqualTo(miss.text());
        assertThat(page.renders()).isEqualTo(1);
        assertThat(filter.outputCache().stats().misses()).isEqualTo(1);
        assertThat(filter.outputCache().stats().hits()).isEqualTo(1);
    }

    @Test
    void concurrentMissesOfOneKeyRenderOnce() throws Exception {
        page.behave((req, res, n) -> {
            sleep(200);
            PageServlet.standardPage(req, res, n);
        });
        HttpProbe http = startAsync();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpProbe.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(pool.submit(() -> http.get("/c")));
            }
            for (Future<HttpProbe.Response> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void chainThatIsNotAsyncSupportedIsServedSynchronously() {
        OutputCacheConfig config = config(TestRedis.url(), true).build();
        HttpProbe http = start(config, false, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        observing.chainAsyncSupported = false;
        http.get("/s");
        HttpProbe.Response hit = http.get("/s");
        assertThat(hit.isHit()).isTrue();
        assertThat(dispatches).containsExactly("REQUEST", "REQUEST");
        assertThat(written).containsExactly("on the dispatch thread", "on the dispatch thread");
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void filterNotMappedForAsyncDispatchesIsNoticedAndAsyncReadsTurnOff() {
        try (LogCapture log = LogCapture.library()) {
            HttpProbe http = start(config(TestRedis.url(), true).store(slowReads()).build(), true,
                    EnumSet.of(DispatcherType.REQUEST));
            assertThat(http.get("/u").status()).isEqualTo(200); // rendered by the servlet alone: not stored
            // Noticed when the cycle completes, which may be just after the client has the response.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.messages(Level.ERROR))
                    .singleElement().asString()
                    .contains("async-store-reads is on, but the ASYNC dispatch of /u never reached"));
            assertThat(http.get("/u").cacheStatus()).contains("stored");
            assertThat(http.get("/u").isHit()).isTrue();
            assertThat(page.renders()).isEqualTo(2);
        }
    }

    @Test
    void pausedRedisCostsAtMostTheStoreTimeoutAndThePageRenders() {
        redis = RedisProcess.start();
        HttpProbe http = start(config(redis.url(), true).build(), true,
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        http.get("/p");
        assertThat(http.get("/p").isHit()).isTrue();
        assertThat(redis.command("CLIENT", "PAUSE", "2000")).isEqualTo("+OK");
        long start = System.nanoTime();
        HttpProbe.Response response = http.get("/p2");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains("page /p2");
        // store-timeout (300 ms) once, plus the render and scheduling: never the 2 s pause.
        assertThat(tookMillis).isLessThan(1000);
        assertThat(filter.outputCache().stats().storeErrors()).isGreaterThan(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records each dispatch the cache filter gets (before the filter runs, so that the record is made before any
     * response is sent), and for each request whether its response was begun on the thread of the dispatch that
     * started it or elsewhere (a hit written after the thread was given back).
     */
    private final class Observing extends InFrontOf {
        private volatile boolean chainAsyncSupported = true;

        Observing(Filter delegate) {
            super(delegate);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            dispatches.add(request.getDispatcherType().toString());
            Thread dispatchThread = Thread.currentThread();
            AtomicBoolean begun = new AtomicBoolean();
            Runnable begin = () -> {
                if (begun.compareAndSet(false, true)) {
                    written.add(Thread.currentThread() == dispatchThread ? "on the dispatch thread" : "elsewhere");
                }
            };
            HttpServletRequest req = (HttpServletRequest) request;
            HttpServletRequest observed = chainAsyncSupported ? req : new HttpServletRequestWrapper(req) {
                @Override
                public boolean isAsyncSupported() {
                    return false; // as a container says when a filter or the servlet is not async-supported
                }
            };
            behind.doFilter(observed, new HttpServletResponseWrapper((HttpServletResponse) response) {
                @Override
                public void setStatus(int sc) {
                    begin.run();
                    super.setStatus(sc);
                }

                @Override
                public ServletOutputStream getOutputStream() throws IOException {
                    begin.run();
                    return super.getOutputStream();
                }

                @Override
                public PrintWriter getWriter() throws IOException {
                    begin.run();
                    return super.getWriter();
                }
            }, chain);
        }

    }
}
