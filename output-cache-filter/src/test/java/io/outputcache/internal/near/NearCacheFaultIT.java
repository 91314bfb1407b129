package io.outputcache.internal.near;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.NearCacheSettings;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.outputcache.internal.near.NearCacheContract.untilNearHit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near cache against a Redis process of the test's own, which it restarts, freezes, disconnects and whose
 * command counts it reads: a node that may have missed an invalidation never serves from its near cache.
 */
class NearCacheFaultIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static RedisProcess redis;

    private final AtomicInteger version = new AtomicInteger(1);
    private final String prefix = TestRedis.newPrefix();
    private final List<NearCacheContract.Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(n -> n.server().close());
        if (!redis.isRunning()) {
            redis.restart();
        }
    }

    private NearCacheContract.Node node(Clock clock) {
        PageServlet page = new PageServlet().behave((req, res, n) -> {
            OutputCache.tag(req, "item");
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().print("<p>version=" + version.get() + ";</p><p>render #" + n + "</p>");
        });
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(redis.url())
                .keyPrefix(prefix).storeTimeout(Duration.ofSeconds(1)).breakerOpenDuration(Duration.ofMillis(200))
                .nearCacheMaxSize(8L * 1024 * 1024).clock(clock)
                .rule(CacheRule.builder("pages").include("/**").ttl(TTL).grace(GRACE).build()).build());
        NearCacheContract.Node node =
                new NearCacheContract.Node(TestServer.builder().servlet("/*", page).filter(filter).start(), filter);
        nodes.add(node);
        return node;
    }

    private NearCacheContract.Node node() {
        return node(Clock.systemUTC());
    }

    private String current() {
        return "version=" + version.get() + ";";
    }

    @Test
    void afterARedisRestartANodeDoesNotServeWhatWasInvalidatedWhileItWasDisconnected() {
        NearCacheContract.Node a = node();
        NearCacheContract.Node b = node();
        String old = current();
        assertThat(untilNearHit(b, "/r")).contains(old);

        redis.kill();
        await().atMost(Duration.ofSeconds(3)).until(() -> b.cache().stats().nearFlushes() > 0);
        redis.restart();
        version.incrementAndGet();
        // A invalidates as soon as it can talk to Redis again, before or after B has resubscribed
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            a.cache().invalidateTag("item");
            return true;
        });
        for (int i = 0; i < 20; i++) {
            assertThat(b.http().get("/r").text()).as("request %d on B after the restart", i).doesNotContain(old);
        }
        // and the near cache works again once invalidations flow
        assertThat(untilNearHit(b, "/r")).contains(current());
    }

    /**
     * A subscription killed by the server: what A publishes meanwhile reaches nobody, and a near hit asks Redis
     * nothing, so B learns of the loss only from the channel itself (Redisson's resubscription, a gap in its own
     * heartbeats, or their silence). The window is measured and must stay within the silence limit.
     */
    @Test
    void aLostSubscriptionEmptiesTheNearCacheWithinTheSilenceLimitEvenIfTheInvalidationWasMissed() {
        NearCacheContract.Node a = node();
        NearCacheContract.Node b = node();
        long worst = 0;
        int staleAnswers = 0;
        for (int round = 0; round < 10; round++) {
            String old = current();
            assertThat(untilNearHit(b, "/s")).contains(old);
            // every pub/sub connection dropped; A publishes at once, possibly to nobody
            redis.command("CLIENT", "KILL", "TYPE", "pubsub");
            version.incrementAndGet();
            long start = System.nanoTime();
            a.cache().invalidateTag("item");
            while (b.http().get("/s").text().contains(old)) {
                staleAnswers++;
                assertThat(System.nanoTime() - start).as("round %d: B still serves the old page", round)
                        .isLessThan(NearCacheSettings.ofMaxSize(1024).silenceLimit().plusMillis(500).toNanos());
            }
            worst = Math.max(worst, System.nanoTime() - start);
        }
        System.out.printf("[near-cache] lost subscription: worst window %.1f ms over 10 rounds (%d stale answers)%n",
                worst / 1e6, staleAnswers);
    }

    @Test
    void aFrozenRedisThatReportsNothingStillEmptiesTheNearCacheWithinTheSilenceLimit() throws Exception {
        NearCacheContract.Node b = node();
        untilNearHit(b, "/f");
        long flushes = b.cache().stats().nearFlushes();
        redis.freeze();
        try {
            // Connections stay open and nothing answers: only the missing heartbeats tell
            await().atMost(Duration.ofSeconds(3)).until(() -> b.cache().stats().nearFlushes() > flushes);
        } finally {
            redis.thaw();
        }
        assertThat(untilNearHit(b, "/f")).contains(current());
    }

    @Test
    void nearHitsSendRedisNothing() {
        NearCacheContract.Node b = node();
        untilNearHit(b, "/z");
        redis.command("CONFIG", "RESETSTAT");
        long before = b.nearHits();
        for (int i = 0; i < 100; i++) {
            assertThat(b.http().get("/z").isHit()).isTrue();
        }
        assertThat(b.nearHits() - before).isEqualTo(100);
        Map<String, Long> counts = redis.commandCounts();
        // heartbeats are PUBLISH; the rest must be nothing at all, and no GET
        counts.keySet().removeAll(Set.of("publish", "ping", "config|resetstat", "config", "info"));
        assertThat(counts).as("commands Redis ran during 100 near hits").isEmpty();
    }

    @Test
    void aNearCopyLastsAsLongAsTheEntrysFreshnessAndGraceAndNoLonger() {
        MutableClock clock = MutableClock.atRealNow();
        NearCacheContract.Node b = node(clock);
        untilNearHit(b, "/g");
        clock.advance(TTL.minusSeconds(1));
        long before = b.nearHits();
        assertThat(b.http().get("/g").isHit()).isTrue();
        assertThat(b.nearHits()).as("near hits while fresh").isEqualTo(before + 1);
        // at the copy's stale-until (fresh + grace): gone from the near cache, though Redis (real time) still has it
        clock.advance(GRACE.plusSeconds(1));
        long misses = misses(b);
        b.http().get("/g");
        assertThat(b.nearHits()).as("near hits past the grace").isEqualTo(before + 1);
        assertThat(misses(b)).as("misses (a render)").isEqualTo(misses + 1);
    }

    private static long misses(NearCacheContract.Node node) {
        return node.cache().stats().misses();
    }
}
