package io.outputcache.resilience;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisInvariants;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.config.Config;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One render per key: per node (single-flight) and across nodes (render lease in Redis). Each test class runs its
 * own redis-server process; every test leaves no lease behind and no key without a TTL.
 */
class CoalescingTest {
    private static final String SITE = "Host: shop.example";
    private static RedisProcess redis;
    private static RedissonClient inspector;

    private final String prefix = TestRedis.newPrefix();
    private final List<TestServer> servers = new ArrayList<>();
    private final List<OutputCacheFilter> filters = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url()).setConnectionMinimumIdleSize(1);
        inspector = Redisson.create(config);
    }

    @AfterAll
    static void stopRedis() {
        inspector.shutdown();
        redis.close();
    }

    @AfterEach
    void stopAndCheckInvariants() {
        servers.forEach(TestServer::close);
        RedisInvariants.assertClean(inspector, prefix);
    }

    /**
     * These tests are about coalescing, not store timeouts (see StoreOutageTest): with 200 client and 200 server
     * threads on a small shared machine a loopback GET can take longer than the default 150 ms, and a request whose
     * lookup times out renders without a lease, by design.
     */
    private OutputCacheConfig.Builder config() {
        return config(Duration.ofSeconds(2));
    }

    /** The same with another store timeout: the builder takes each option once. */
    private OutputCacheConfig.Builder config(Duration storeTimeout) {
        return OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix).debugHeaders(true)
                .storeTimeout(storeTimeout)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build());
    }

    /**
     * A node whose Redis connections are already open (Redisson connects lazily, on the first command): the tests
     * are about cold keys, not about a cold client. The warm-up page is rendered once and not counted.
     */
    private TestServer node(OutputCacheConfig config, PageServlet page) {
        OutputCacheFilter filter = new OutputCacheFilter(config);
        TestServer server = TestServer.builder().servlet("/*", new WarmUpAware(page)).filter(filter).start();
        servers.add(server);
        filters.add(filter);
        assertThat(server.client().get("/warm-up").status()).isEqualTo(200);
        return server;
    }

    /** Answers /warm-up itself, so that the page servlet's render count is about the test's requests only. */
    private static final class WarmUpAware extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;
        private final PageServlet page;

        WarmUpAware(PageServlet page) {
            this.page = page;
        }

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                throws jakarta.servlet.ServletException, java.io.IOException {
            if (req.getRequestURI().equals("/warm-up")) {
                res.setContentType("text/plain");
                res.getWriter().print("warm");
                return;
            }
            page.service(req, res);
        }
    }

    private static PageServlet slowPage(long millis) {
        return new PageServlet().behave((req, res, n) -> {
            sleep(millis);
            PageServlet.standardPage(req, res, n);
        });
    }

    @Test
    void twoHundredConcurrentMissesOnOneNodeRenderOnce() throws Exception {
        PageServlet page = slowPage(400);
        TestServer server = node(config().build(), page);

        List<HttpProbe.Response> responses = Concurrently.get(200, i -> server.client(), "/cold");

        assertThat(unlike(responses, "render #1")).as("responses that are not 200 with the first render").isEmpty();
        assertThat(page.renders()).isEqualTo(1);
        OutputCacheStats stats = filters.get(0).outputCache().stats();
        // Everyone but the leader waited for its render or came late enough to hit the stored page; the rare request
        // that arrives between the leader's flight landing and its page being visible finds the page on its second
        // look after taking the lease, and is counted as neither (it did not render either: renders is 1 above).
        assertThat(stats.coalescedWaits() + stats.hits() + stats.leaseWaits()).isBetween(195L, 199L);
        assertThat(stats.coalescedWaits()).isGreaterThan(0);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.outputcache.metrics.OutputCacheMetrics.bind(filters.get(0).outputCache(), registry);
        assertThat(registry.get("outputcache.coalesced.waits").functionCounter().count())
                .isEqualTo((double) stats.coalescedWaits());
        System.out.printf("200 requests, one node: renders=%d coalescedWaits=%d hits=%d leaseWaits=%d%n",
                page.renders(), stats.coalescedWaits(), stats.hits(), stats.leaseWaits());
    }

    @Test
    void twoHundredConcurrentMissesOnTwoNodesRenderOnceInTotal() throws Exception {
        PageServlet pageA = slowPage(400);
        PageServlet pageB = slowPage(400);
        TestServer a = node(config().build(), pageA);
        TestServer b = node(config().build(), pageB);

        // behind a load balancer every node sees the site's host name, which is part of the key
        List<HttpProbe.Response> responses = Concurrently.get(200, i -> i % 2 == 0 ? a.client() : b.client(), "/cold",
                SITE);

        assertThat(unlike(responses, "render #1")).as("responses that are not 200 with the first render").isEmpty();
        assertThat(pageA.renders() + pageB.renders()).isEqualTo(1);
        long leaseWaits = filters.stream().mapToLong(f -> f.outputCache().stats().leaseWaits()).sum();
        assertThat(leaseWaits).as("the node without the lease waited for the other's page").isGreaterThan(0);
        System.out.printf("200 requests, two nodes: renders=%d (A=%d, B=%d) leaseWaits=%d%n",
                pageA.renders() + pageB.renders(), pageA.renders(), pageB.renders(), leaseWaits);
    }

    @Test
    void aRenderThatFailsReleasesItsLeaseAndTheOtherNodeRendersAtOnce() throws Exception {
        CountDownLatch failing = new CountDownLatch(1);
        PageServlet pageA = new PageServlet().behave((req, res, n) -> {
            sleep(1000);
            failing.countDown();
            throw new IllegalStateException("backend down");
        });
        PageServlet pageB = new PageServlet();
        TestServer a = node(config().build(), pageA);
        TestServer b = node(config().coalesceWait(Duration.ofSeconds(10)).build(), pageB);

        Thread first = new Thread(() -> a.client().get("/flaky", SITE));
        first.start();
        await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(2)).until(() -> leaseKeys().size() == 1);
        long started = System.nanoTime();
        HttpProbe.Response fromB = b.client().get("/flaky", SITE);
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        first.join(5000);

        assertThat(fromB.status()).isEqualTo(200);
        assertThat(pageB.renders()).isEqualTo(1);
        assertThat(filters.get(1).outputCache().stats().leaseWaits()).isEqualTo(1);
        // it took the released lease when the failed render gave it up, instead of waiting out coalesce-wait (10 s)
        assertThat(failing.getCount()).isZero();
        assertThat(waitedMs).isLessThan(3000);
    }

    @Test
    void aLeaseNeverOutlivesTheRenderTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PageServlet page = new PageServlet().behave((req, res, n) -> {
            awaitLatch(release);
            PageServlet.standardPage(req, res, n);
        });
        TestServer server = node(config(Duration.ofMillis(200)).renderTimeout(Duration.ofMillis(800)).build(), page);

        Thread hung = new Thread(() -> server.client().get("/hangs"));
        hung.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> leaseKeys().size() == 1);
        long pttl = inspector.getKeys().remainTimeToLive(leaseKeys().get(0));
        assertThat(pttl).isBetween(1L, 800L);
        // the render is still running, but its lease has expired by itself
        await().atMost(Duration.ofMillis(1500)).until(() -> leaseKeys().isEmpty());
        assertThat(hung.isAlive()).isTrue();
        release.countDown();
        hung.join(5000);
    }

    @Test
    void aClientThatDisconnectsDoesNotLeaveWaitersWithAnEmptyResponse() throws Exception {
        PageServlet page = slowPage(500);
        TestServer server = node(config().build(), page);

        // the first request leads the render, then its client goes away
        try (Socket leader = new Socket()) {
            leader.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            OutputStream out = leader.getOutputStream();
            out.write(("GET /gone HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            await().atMost(Duration.ofSeconds(2)).until(() -> page.renders() == 1);
        }
        List<HttpProbe.Response> followers = Concurrently.get(20, i -> server.client(), "/gone");

        assertThat(unlike(followers, "render #1")).as("responses that are not 200 with the first render").isEmpty();
        assertThat(followers).allSatisfy(r -> assertThat(r.text()).endsWith("</html>"));
        assertThat(page.renders()).isEqualTo(1);
        assertThat(filters.get(0).outputCache().stats().coalescedWaits()).isGreaterThan(0);
    }

    /** Status and Cache-Status of the responses that are not a 200 containing {@code text}, for a short message. */
    static List<String> unlike(List<HttpProbe.Response> responses, String text) {
        return responses.stream().filter(r -> r.status() != 200 || !r.text().contains(text))
                .map(r -> r.status() + " " + r.cacheStatus()).toList();
    }

    static java.util.Map<String, Long> summary(List<HttpProbe.Response> responses) {
        return responses.stream().collect(java.util.stream.Collectors.groupingBy(
                r -> r.status() + " " + r.cacheStatus() + " " + r.text().replaceAll("(?s).*(render #\\d+).*", "$1"),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private List<String> leaseKeys() {
        return StreamSupport.stream(inspector.getKeys()
                .getKeys(KeysScanOptions.defaults().pattern(prefix + ":l:*")).spliterator(), false).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
