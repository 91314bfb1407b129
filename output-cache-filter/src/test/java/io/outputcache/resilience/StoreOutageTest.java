package io.outputcache.resilience;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.CountingPageStore;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis fails under a running site: killed, paused, frozen, down at start-up. Each test starts its own
 * redis-server process and kills, pauses or restarts it; the site must answer every request, and quickly.
 */
class StoreOutageTest {
    private static final Duration STORE_TIMEOUT = Duration.ofMillis(150);

    private final String prefix = TestRedis.newPrefix();
    private final ConcurrentLinkedQueue<Long> renderNanos = new ConcurrentLinkedQueue<>();
    private RedisProcess redis;
    private TestServer server;
    private OutputCacheFilter filter;
    private TimedFilter timed;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A page that takes about {@code millis} to render, timed from inside the application. */
    private PageServlet timedPage(long millis) {
        return new PageServlet().behave((req, res, n) -> {
            long start = System.nanoTime();
            if (millis > 0) {
                CoalescingTest.sleep(millis);
            }
            PageServlet.standardPage(req, res, n);
            long took = System.nanoTime() - start;
            renderNanos.add(took);
            TimedFilter.rendered(took);
        });
    }

    private OutputCacheConfig.Builder config(String redisUrl) {
        return OutputCacheConfig.builder().redisUrl(redisUrl).keyPrefix(prefix).storeTimeout(STORE_TIMEOUT)
                .rule(CacheRule.builder("pages").include("/**").exclude("/raw/**").ttl(Duration.ofMinutes(1)).build());
    }

    private HttpProbe start(OutputCacheConfig config, PageServlet page) {
        filter = new OutputCacheFilter(config);
        timed = new TimedFilter(filter);
        server = TestServer.builder().servlet("/*", page).filter(timed).start();
        return server.client();
    }

    private OutputCacheStats stats() {
        return filter.outputCache().stats();
    }

    /** What an operator would count as one cause: logger, message without numbers, exception type. */
    private static String cause(ILoggingEvent e) {
        return e.getLoggerName() + " | " + e.getFormattedMessage()
                .replaceAll("; \\d+ more like it.*", "")
                .replaceAll("@[0-9a-f]+", "@")
                .replaceAll("\\d+", "#")
                + (e.getThrowableProxy() == null ? "" : " | " + e.getThrowableProxy().getClassName());
    }

    @Test
    void redisKilledUnderLoadCostsRendersNotFailuresOrLatency() throws Exception {
        redis = RedisProcess.start();
        HttpProbe http = start(config(redis.url()).build(), timedPage(5));
        for (int i = 0; i < 50; i++) {
            http.get("/k" + i); // some warm pages: the kill takes these hits away
        }
        renderNanos.clear();

        List<LoadRun.Sample> samples;
        List<ILoggingEvent> errors;
        long killedAt;
        // Log as a production application would (INFO), Redisson and Netty included: the test counts what an
        // operator would see, not what the test configuration hides.
        ch.qos.logback.classic.Logger redisson = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.redisson");
        ch.qos.logback.classic.Logger netty = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.netty");
        Level redissonLevel = redisson.getLevel();
        Level nettyLevel = netty.getLevel();
        redisson.setLevel(Level.INFO);
        netty.setLevel(Level.INFO);
        try (LogCapture log = new LogCapture()) {
            // Half the requests go to pages the cache never handles (/raw/...): rendered on the same machine at the
            // same moment, they show what a render costs with the scheduling delays every request suffers on a
            // busy machine, which are not the store's doing. Many paths, so that requests seldom wait for each
            // other's render.
            // The requests in flight when Redis dies wait until Redisson reports the lost connection (tens of ms):
            // a few of them, so the outage runs long enough (4.5 s) that they are the tail beyond p99, as they are
            // on any site with real traffic.
            LoadRun run = LoadRun.start(http, 4, 1000, i -> i % 2 == 0 ? "/raw/k" + i : "/k" + i, 5500);
            Thread.sleep(1000);
            killedAt = System.nanoTime();
            redis.kill();
            samples = run.finish();
            errors = log.atLeast(Level.ERROR);
            log.atLeast(Level.WARN).stream().filter(e -> !e.getLoggerName().startsWith("io.outputcache"))
                    .map(StoreOutageTest::cause).distinct().forEach(c -> System.out.println("  other WARN+: " + c));
        } finally {
            redisson.setLevel(redissonLevel);
            netty.setLevel(nettyLevel);
        }

        List<String> failed = samples.stream().filter(s -> s.status() < 200 || s.status() > 299)
                .map(s -> s.status() + " " + s.failure()).distinct().toList();
        assertThat(failed).as("responses that were not 2xx").isEmpty();
        // From the kill on: how long requests took in the filter (server side), against how long renders took.
        List<TimedFilter.Timing> outage = timed.since(killedAt).stream().filter(t -> t.path().startsWith("/k")).toList();
        long uncachedP99 = LoadRun.percentileMillis(timed.since(killedAt).stream()
                .filter(t -> t.path().startsWith("/raw/")).map(TimedFilter.Timing::totalNanos).toList(), 99);
        long p99 = LoadRun.percentileMillis(outage.stream().map(TimedFilter.Timing::totalNanos).toList(), 99);
        long renderP99 = LoadRun.percentileMillis(outage.stream().filter(t -> t.renderNanos() > 0)
                .map(TimedFilter.Timing::renderNanos).toList(), 99);
        long overheadP99 = LoadRun.percentileMillis(outage.stream()
                .map(t -> t.totalNanos() - t.renderNanos()).toList(), 99);
        long clientP99 = LoadRun.percentileMillis(samples.stream().filter(s -> s.startNanos() >= killedAt)
                .map(LoadRun.Sample::latencyNanos).toList(), 99);
        long max = outage.stream().mapToLong(TimedFilter.Timing::totalNanos).max().orElse(0) / 1_000_000;
        Map<String, Long> errorsByCause = errors.stream()
                .collect(Collectors.groupingBy(StoreOutageTest::cause, TreeMap::new, Collectors.counting()));
        System.out.printf("redis killed under load: %d requests (%d after the kill), server p99=%d ms, render p99=%d ms"
                        + " (in the servlet) / %d ms (pages the cache never handles, same time), overhead p99=%d ms,"
                        + " max=%d ms, client-side p99=%d ms; hits=%d, store errors=%d, breaker=%s openings=%d%n",
                samples.size(), outage.size(), p99, renderP99, uncachedP99, overheadP99, max, clientP99, stats().hits(),
                stats().storeErrors(), stats().breakerState(), stats().breakerOpenings());
        errorsByCause.forEach((cause, count) -> System.out.printf("  ERROR x%d: %s%n", count, cause));
        for (String group : List.of("/k", "/raw/")) {
            List<Long> t = timed.since(killedAt).stream().filter(x -> x.path().startsWith(group))
                    .map(TimedFilter.Timing::totalNanos).toList();
            System.out.printf("  %s after the kill: n=%d p50=%d p90=%d p95=%d p99=%d ms%n", group, t.size(),
                    LoadRun.percentileMillis(t, 50), LoadRun.percentileMillis(t, 90), LoadRun.percentileMillis(t, 95),
                    LoadRun.percentileMillis(t, 99));
        }

        outage.stream().sorted(java.util.Comparator.comparingLong(TimedFilter.Timing::totalNanos).reversed()).limit(10)
                .forEach(t -> System.out.printf("  slowest: at %+d ms after the kill, %d ms in the filter, %d ms render%n",
                        (t.startNanos() - killedAt) / 1_000_000, t.totalNanos() / 1_000_000,
                        t.renderNanos() / 1_000_000));
        // "Render p99" is the larger of the servlet's own timing and the time pages the cache never handles took
        // at the same time on the same server.
        assertThat(p99).as("p99 in the filter after the kill, against render p99 + 50 ms")
                .isLessThanOrEqualTo(Math.max(renderP99, uncachedP99) + 50);
        assertThat(stats().breakerOpenings()).isGreaterThanOrEqualTo(1);
        // the test lasts less than one error-log interval (10 s): at most one ERROR per cause
        assertThat(errorsByCause).allSatisfy((cause, count) -> assertThat(count).as(cause).isEqualTo(1));
        assertThat(errors).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("password"));
    }

    @Test
    void redisPausedForTwoSecondsDelaysNoRequestBeyondTheStoreTimeout() throws Exception {
        redis = RedisProcess.start();
        HttpProbe http = start(config(redis.url()).build(), timedPage(0));
        for (int i = 0; i < 100; i++) {
            http.get("/p" + i); // cached before the pause
        }

        long loadStart = System.nanoTime();
        // Cached paths (half hits, half misses) and, interleaved, pages the cache never handles (/raw/...): these show
        // the delays every request suffers on a busy machine at that moment, which are not the store's doing.
        // Many paths, so that requests seldom wait for each other's render (which is not the store's doing).
        LoadRun run = LoadRun.start(http, 6, 800, i -> i % 2 == 0 ? "/raw/p" + i : "/p" + (i / 2), 3500);
        Thread.sleep(500);
        // CLIENT PAUSE holds every client's commands for 2 s, as a server that stopped answering would
        // (DEBUG SLEEP is refused by Redis 7 unless enable-debug-command is set)
        long pausedAt = System.nanoTime();
        assertThat(redis.command("CLIENT", "PAUSE", "2000")).isEqualTo("+OK");
        List<LoadRun.Sample> samples = run.finish();

        // A request's wait is the time it spent in the filter apart from the render (measured on the server).
        List<TimedFilter.Timing> timings = timed.since(loadStart).stream().filter(t -> t.path().startsWith("/p")).toList();
        long maxWait = timings.stream().mapToLong(t -> t.totalNanos() - t.renderNanos()).max().orElse(0) / 1_000_000;
        long maxUncached = timed.since(loadStart).stream().filter(t -> t.path().startsWith("/raw/"))
                .mapToLong(TimedFilter.Timing::totalNanos).max().orElse(0) / 1_000_000;
        long maxClient = samples.stream().mapToLong(LoadRun.Sample::latencyMillis).max().orElse(0);
        System.out.printf("redis paused 2 s: %d requests, longest wait in the filter=%d ms (store-timeout %d ms), "
                        + "longest uncached page at the same time=%d ms, longest client-side latency=%d ms, "
                        + "store errors=%d, breaker openings=%d%n", samples.size(), maxWait, STORE_TIMEOUT.toMillis(),
                maxUncached, maxClient, stats().storeErrors(), stats().breakerOpenings());
        timings.stream().sorted(java.util.Comparator.comparingLong((TimedFilter.Timing t) -> t.totalNanos()
                        - t.renderNanos()).reversed()).limit(5)
                .forEach(t -> System.out.printf("  longest: %s at %+d ms, %d ms in the filter, %d ms render%n", t.path(),
                        (t.startNanos() - pausedAt) / 1_000_000, t.totalNanos() / 1_000_000, t.renderNanos() / 1_000_000));
        assertThat(samples).allSatisfy(x -> assertThat(x.status()).isEqualTo(200));
        assertThat(stats().storeErrors()).as("the pause was noticed").isGreaterThan(0);
        // On a quiet machine the longest uncached page takes a few ms; on a busy one it shows the scheduling delay
        // any request may suffer, which is allowed on top.
        assertThat(maxWait).as("longest wait, against store-timeout + 50 ms + the longest uncached page (%d ms)",
                maxUncached).isLessThanOrEqualTo(STORE_TIMEOUT.toMillis() + 50 + maxUncached);
        assertKeyspaceCleanOnceTheStoreAnswers(http);
    }

    /** Leases held back by the open breaker are released once Redis answers again; every key keeps a TTL. */
    private void assertKeyspaceCleanOnceTheStoreAnswers(HttpProbe http) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            http.get("/p0"); // a request, so that the half-open probe is made
            return stats().breakerState().equals("closed");
        });
        org.redisson.config.Config config = new org.redisson.config.Config();
        config.useSingleServer().setAddress(redis.url());
        org.redisson.api.RedissonClient inspector = org.redisson.Redisson.create(config);
        try {
            io.outputcache.testing.RedisInvariants.assertClean(inspector, prefix);
        } finally {
            inspector.shutdown();
        }
    }

    @Test
    void theBreakerOpensSendsNothingProbesOnceAndClosesWhenRedisReturns() throws Exception {
        redis = RedisProcess.start();
        Duration openFor = Duration.ofSeconds(1);
        OutputCacheConfig base = config(redis.url()).breakerFailureThreshold(3).breakerOpenDuration(openFor).build();
        CountingPageStore counting = new CountingPageStore(RedisPageStore.connect(base));
        HttpProbe http = start(config(redis.url()).breakerFailureThreshold(3).breakerOpenDuration(openFor)
                .store(counting).build(), timedPage(0));
        for (int i = 0; i < 10; i++) {
            http.get("/b" + i);
        }
        assertThat(http.get("/b0").isHit()).isTrue();

        // 1. Redis hangs: three timeouts open the breaker
        redis.freeze();
        for (int i = 0; i < 10 && !stats().breakerState().equals("open"); i++) {
            assertThat(http.get("/b" + i).status()).isEqualTo(200);
        }
        assertThat(stats().breakerState()).isEqualTo("open");
        long openedAt = System.nanoTime();

        // 2. while open, the filter makes no store call at all
        long callsWhenOpened = counting.calls();
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/b" + (i % 10)).status()).isEqualTo(200);
        }
        assertThat(counting.calls()).isEqualTo(callsWhenOpened);
        assertThat(stats().breakerState()).isEqualTo("open");

        // 3. half-open with Redis still hanging: of ten concurrent requests exactly one probes
        long sleepMs = openFor.toMillis() - (System.nanoTime() - openedAt) / 1_000_000 + 50;
        Thread.sleep(Math.max(0, sleepMs));
        long callsBeforeProbe = counting.calls();
        List<HttpProbe.Response> concurrent = Concurrently.get(10, i -> http, "/b1");
        assertThat(concurrent).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(counting.calls() - callsBeforeProbe).as("store calls while half-open").isEqualTo(1);
        await().atMost(Duration.ofSeconds(1)).until(() -> stats().breakerState().equals("open"));
        long reopenedAt = System.nanoTime();

        // 4. Redis answers again, but the breaker is open: Redis itself receives no command from the filter
        redis.thaw();
        Thread.sleep(100); // let Redis work off what reached it while it was frozen
        assertThat(redis.command("CONFIG", "RESETSTAT")).isEqualTo("+OK");
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/b" + i).status()).isEqualTo(200);
        }
        Map<String, Long> commands = redis.commandCounts();
        assertThat(stats().breakerState()).as("still within the open period").isEqualTo("open");
        // the test's own CONFIG RESETSTAT and INFO: Redis 7 lists "config|resetstat", Redis 6.2 (the binary bundled
        // in embedded-redis, used where no redis-server is installed) lists "config"
        commands.keySet().removeAll(List.of("config|resetstat", "config", "info", "ping"));
        assertThat(commands).as("commands Redis ran while the breaker was open").isEmpty();

        // 5. the next probe succeeds and closes the breaker; hits are back within two probe intervals
        long deadline = reopenedAt + 2 * openFor.toNanos();
        int consecutiveHits = 0;
        while (System.nanoTime() < deadline && consecutiveHits < 10) {
            consecutiveHits = http.get("/b" + (consecutiveHits % 10)).isHit() ? consecutiveHits + 1 : 0;
            Thread.sleep(10);
        }
        long backAfterMs = (System.nanoTime() - reopenedAt) / 1_000_000;
        System.out.printf("breaker: %d store calls in all, hits back %d ms after the last opening; %s%n",
                counting.calls(), backAfterMs, stats());
        assertThat(consecutiveHits).as("ten hits in a row within two probe intervals").isEqualTo(10);
        assertThat(stats().breakerState()).isEqualTo("closed");
        assertThat(stats().breakerStateChanges()).isGreaterThanOrEqualTo(5);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.outputcache.metrics.OutputCacheMetrics.bind(filter.outputCache(), registry);
        assertThat(registry.get("outputcache.breaker.state.changes").functionCounter().count())
                .isEqualTo((double) stats().breakerStateChanges());
        assertThat(registry.get("outputcache.breaker.rejections").functionCounter().count()).isPositive();
        assertKeyspaceCleanOnceTheStoreAnswers(http);
    }

    @Test
    void theSiteStartsWhileRedisIsDownAndCachesOnceItIsUp() {
        redis = RedisProcess.start();
        redis.kill();
        PageServlet page = timedPage(0);
        HttpProbe http = start(config(redis.url()).breakerOpenDuration(Duration.ofMillis(500)).build(), page);

        for (int i = 0; i < 5; i++) {
            HttpProbe.Response r = http.get("/s");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.isHit()).isFalse();
        }
        redis.restart();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/s").isHit());
        int renders = page.renders();
        assertThat(http.get("/s").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(renders);
    }
}
