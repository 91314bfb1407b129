package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.CountingPageStore;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.RedisCluster;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.RedisTopology;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fragments of one page are read from Redis together: a real Jetty, a real Redis of this test's own (so that
 * {@code INFO commandstats} counts nobody else's commands) and the Thymeleaf page {@code five.html} with five
 * cached fragments, under {@code /live/}, which no page rule covers (so the page renders on every request and
 * only its fragments are cached). The reads are counted twice: the store calls the filter makes, and the
 * commands Redis ran.
 */
class FragmentPrefetchIT {
    private static final List<String> FRAGMENTS = List.of("header", "menu", "promo", "related", "footer");

    private final TemplateServlet servlet = new TemplateServlet();
    private String prefix = TestRedis.newPrefix();
    private RedisProcess redis;
    private CountingPageStore store;
    private TestServer server;
    private OutputCacheFilter filter;
    private TestServer asyncServer;

    private HttpProbe start(UnaryOperator<OutputCacheConfig.Builder> redisSettings, Duration storeTimeout) {
        store = new CountingPageStore(RedisPageStore.connect(config(redisSettings, storeTimeout).build()));
        filter = new OutputCacheFilter(config(redisSettings, storeTimeout).store(store).build());
        server = TestServer.builder().servlet("/*", servlet).filter(filter).start();
        return server.client();
    }

    private OutputCacheConfig.Builder config(UnaryOperator<OutputCacheConfig.Builder> redisSettings,
                                             Duration storeTimeout) {
        return redisSettings.apply(OutputCacheConfig.builder()).keyPrefix(prefix).storeTimeout(storeTimeout)
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(5)).build());
    }

    private HttpProbe startOnOwnRedis() {
        redis = RedisProcess.start();
        return start(b -> b.redisUrl(redis.url()), Duration.ofSeconds(1));
    }

    /** An async servlet: the template renders on another thread after the filter returned. */
    private HttpProbe startAsyncOnOwnRedis(TemplateServlet asyncServlet) throws Exception {
        redis = RedisProcess.start();
        UnaryOperator<OutputCacheConfig.Builder> own = b -> b.redisUrl(redis.url());
        store = new CountingPageStore(RedisPageStore.connect(config(own, Duration.ofSeconds(1)).build()));
        filter = new OutputCacheFilter(config(own, Duration.ofSeconds(1)).store(store).build());
        asyncServer = TestServer.builder().asyncServlets(true).servlet("/*", asyncServlet).filter(filter).start();
        return asyncServer.client();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (asyncServer != null) {
            asyncServer.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private OutputCacheStats stats() {
        return filter.outputCache().stats();
    }

    /** Renders the page once and waits until its five fragments are in Redis (fragment writes are not awaited). */
    private void warmUp(HttpProbe http, LongSupplier fragmentKeys) {
        assertThat(http.get("/live/five").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> fragmentKeys.getAsLong() == 5);
    }

    private long fragmentKeysOnOwnRedis() {
        return redis.scanCount(prefix + ":f:*");
    }

    private static long delta(Map<String, Long> after, Map<String, Long> before, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }

    @Test
    void afterWarmUpAPageWithFiveCachedFragmentsCostsOneRedisReadForAllFive() {
        HttpProbe http = startOnOwnRedis();
        warmUp(http, this::fragmentKeysOnOwnRedis);

        for (int round = 0; round < 3; round++) {
            long gets = store.gets();
            long getAlls = store.getAlls();
            long keys = store.getAllKeys();
            long hits = stats().fragmentHits();
            Map<String, Long> commands = redis.commandCounts();

            HttpProbe.Response page = http.get("/live/five");

            Map<String, Long> after = redis.commandCounts();
            assertThat(page.status()).isEqualTo(200);
            FRAGMENTS.forEach(f -> assertThat(page.text()).contains(f + "-rendered"));
            assertThat(store.getAlls() - getAlls).as("multi-key reads").isEqualTo(1);
            assertThat(store.getAllKeys() - keys).as("keys in it").isEqualTo(5);
            assertThat(store.gets() - gets).as("single reads").isZero();
            assertThat(delta(after, commands, "mget")).as("MGET run by Redis").isEqualTo(1);
            assertThat(delta(after, commands, "get")).as("GET run by Redis").isZero();
            assertThat(stats().fragmentHits() - hits).isEqualTo(5);
        }
        // served from Redis every time: each fragment's expressions ran once, at the warm-up
        FRAGMENTS.forEach(f -> assertThat(servlet.probe().count(f)).as(f).isEqualTo(1));
        assertThat(servlet.probe().count("main")).isEqualTo(4);
    }

    @Test
    void aPageSeenForTheFirstTimeReadsItsFragmentsOneByOneAndLearnsThem() {
        HttpProbe http = startOnOwnRedis();

        http.get("/live/five");

        // nothing was remembered of this page yet: five single reads, all misses
        assertThat(store.gets()).isEqualTo(5 + 1); // and the filter's warm-up read at start
        assertThat(store.getAlls()).isZero();
        assertThat(stats().fragmentRenders()).isEqualTo(5);
    }

    @Test
    void aFragmentTheLastRenderDidNotAskForIsReadAloneAndLearnedForNextTime() {
        HttpProbe http = startOnOwnRedis();
        warmUp(http, this::fragmentKeysOnOwnRedis);

        // the menu varies by locale: its German key is not among those the page asked for last time
        long gets = store.gets();
        long getAlls = store.getAlls();
        HttpProbe.Response german = http.get("/live/five?lang=de");
        assertThat(german.text()).contains("menu-rendered").contains("de");
        assertThat(store.getAlls() - getAlls).isEqualTo(1);
        assertThat(store.gets() - gets).as("the German menu, read alone").isEqualTo(1);
        assertThat(servlet.probe().count("menu")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> fragmentKeysOnOwnRedis() == 6);

        gets = store.gets();
        getAlls = store.getAlls();
        http.get("/live/five?lang=de");
        assertThat(store.getAlls() - getAlls).isEqualTo(1);
        assertThat(store.gets() - gets).as("learned: read with the others").isZero();
        assertThat(servlet.probe().count("menu")).isEqualTo(2);
    }

    @Test
    void aTemplateAnAsyncServletRendersAfterTheFilterReturnedReadsItsFragmentsTogetherToo() throws Exception {
        TemplateServlet asyncServlet = new TemplateServlet(true);
        HttpProbe http = startAsyncOnOwnRedis(asyncServlet);
        warmUp(http, this::fragmentKeysOnOwnRedis);

        long gets = store.gets();
        long getAlls = store.getAlls();
        HttpProbe.Response page = http.get("/live/five");

        FRAGMENTS.forEach(f -> assertThat(page.text()).contains(f + "-rendered"));
        assertThat(store.getAlls() - getAlls).isEqualTo(1);
        assertThat(store.gets() - gets).isZero();
        FRAGMENTS.forEach(f -> assertThat(asyncServlet.probe().count(f)).as(f).isEqualTo(1));
    }

    @Test
    void aCorruptFragmentInTheSharedReadIsAMissDeletedAndRenderedAgain() {
        HttpProbe http = startOnOwnRedis();
        warmUp(http, this::fragmentKeysOnOwnRedis);
        @SuppressWarnings("unchecked")
        List<Object> scan = (List<Object>) ((List<Object>) redis.call("SCAN", "0", "MATCH", prefix + ":f:*",
                "COUNT", "1000")).get(1);
        assertThat(scan).hasSize(5);
        for (Object key : scan) {
            redis.call("SET", key.toString(), "not an entry", "PX", "60000");
        }

        HttpProbe.Response page = http.get("/live/five");

        assertThat(page.status()).isEqualTo(200);
        FRAGMENTS.forEach(f -> assertThat(page.text()).contains(f + "-rendered"));
        assertThat(stats().corruptEntries()).isEqualTo(5);
        FRAGMENTS.forEach(f -> assertThat(servlet.probe().count(f)).as(f).isEqualTo(2));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(http.get("/live/five").status()).isEqualTo(200);
            FRAGMENTS.forEach(f -> assertThat(servlet.probe().count(f)).as(f).isEqualTo(2));
        });
    }

    @Test
    void aStalledRedisCostsThePageOneStoreTimeoutNotOnePerFragment() {
        redis = RedisProcess.start();
        Duration timeout = Duration.ofMillis(300);
        HttpProbe http = start(b -> b.redisUrl(redis.url()), timeout);
        warmUp(http, this::fragmentKeysOnOwnRedis);
        redis.freeze();
        try {
            long started = System.nanoTime();
            HttpProbe.Response page = http.get("/live/five");
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(page.status()).isEqualTo(200);
            FRAGMENTS.forEach(f -> assertThat(page.text()).contains(f + "-rendered"));
            assertThat(tookMs).as("one store timeout of " + timeout.toMillis() + " ms in all").isLessThan(1200);
            assertThat(stats().storeErrors()).as("one failed read, not five").isEqualTo(1);
        } finally {
            redis.thaw();
        }
    }

    @Test
    void onARedisClusterTheFiveAreOneMgetPerSlotSentTogetherWithoutCrossSlotErrors() {
        RedisTopology topology = RedisTopology.CLUSTER;
        RedisCluster cluster = topology.deployment().cluster();
        HttpProbe http = null;
        long masters = 0;
        // The keys' slots follow from the random prefix, and all five land on one master of three about once in 80
        // runs: start again under another prefix until they span several.
        for (int attempt = 0; attempt < 10 && masters < 2; attempt++) {
            if (server != null) {
                server.close();
                prefix = TestRedis.newPrefix();
            }
            http = start(topology::configure, Duration.ofSeconds(1));
            warmUp(http, () -> cluster.masters().stream().mapToLong(n -> n.scanCount(prefix + ":f:*")).sum());
            masters = cluster.masters().stream().mapToLong(n -> n.scanCount(prefix + ":f:*") > 0 ? 1 : 0).sum();
        }
        long crossSlot = cluster.errorCount("CROSSSLOT");
        long mgets = cluster.commandCount("mget");
        long gets = cluster.commandCount("get");
        long getAlls = store.getAlls();
        long singleReads = store.gets();

        HttpProbe.Response page = http.get("/live/five");

        assertThat(page.status()).isEqualTo(200);
        FRAGMENTS.forEach(f -> assertThat(page.text()).contains(f + "-rendered"));
        assertThat(store.getAlls() - getAlls).isEqualTo(1);
        assertThat(store.gets() - singleReads).isZero();
        assertThat(masters).as("the fragments live on several masters").isGreaterThan(1);
        // one MGET per slot (five keys: at most five), sent as one pipelined batch per master, all at once
        assertThat(cluster.commandCount("mget") - mgets).isBetween(masters, 5L);
        assertThat(cluster.commandCount("get") - gets).isZero();
        assertThat(cluster.errorCount("CROSSSLOT") - crossSlot).isZero();
    }
}
