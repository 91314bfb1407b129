package io.outputcache.resilience;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisSentinels;
import io.outputcache.testing.RedisTopology;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import io.outputcache.testing.TopologyMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sentinel failover under load: the master is killed while clients request pages through the filter on a real
 * Jetty, configured as a site would be ({@code redis-mode sentinel}, {@code redis-url} naming the three
 * Sentinels, default timeouts and breaker). No request may fail, and caching must resume on the promoted replica:
 * a page never seen before is stored and then served as a hit.
 */
@ExtendWith(TopologyMatrix.class)
class SentinelFailoverIT implements TopologyMatrix.OnTopology {
    /** How long after the kill caching must be back: Sentinel needs about 1 s to agree, the breaker 5 s to close. */
    private static final Duration RESUME_WITHIN = Duration.ofSeconds(30);

    private RedisSentinels sentinels;
    private TestServer server;

    @Override
    public RedisTopology topology() {
        return RedisTopology.SENTINEL;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (sentinels != null) {
            sentinels.close();
        }
    }

    @Test
    void masterKilledUnderLoadFailsNoRequestAndCachingResumesOnThePromotedReplica() throws Exception {
        RedisTopology.SENTINEL.deployment(); // skips (or fails, in CI) here if Sentinel cannot run on this machine
        sentinels = RedisSentinels.start();
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrls(sentinels.sentinelUrls()).redisMode(OutputCacheConfig.RedisMode.SENTINEL)
                .redisSentinelMaster(RedisSentinels.MASTER_NAME).keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        PageServlet page = new PageServlet();
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        HttpProbe http = server.client();
        for (int i = 0; i < 40; i++) {
            http.get("/k" + i);
        }
        assertThat(resumes(http, "/warm")).as("caching works before the kill").isTrue();

        int oldMaster = sentinels.masterPort();
        LoadRun run = LoadRun.start(http, 4, 40, i -> "/k" + i, 1000 + RESUME_WITHIN.toMillis());
        Thread.sleep(1000);
        long killedAt = System.nanoTime();
        sentinels.master().kill();

        long promotedAt = 0;
        long resumedAt = 0;
        AtomicInteger probe = new AtomicInteger();
        long deadline = killedAt + RESUME_WITHIN.toNanos();
        while (System.nanoTime() < deadline && resumedAt == 0) {
            if (promotedAt == 0 && sentinels.masterPort() != oldMaster) {
                promotedAt = System.nanoTime();
            }
            if (promotedAt != 0 && resumes(http, "/fresh" + probe.incrementAndGet())) {
                resumedAt = System.nanoTime();
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // a second of load on the new master
        run.stopSoon();
        List<LoadRun.Sample> samples = run.finish();

        List<String> failed = new ArrayList<>();
        for (LoadRun.Sample s : samples) {
            if (s.status() < 200 || s.status() > 299) {
                failed.add(s.status() + " " + s.failure());
            }
        }
        long afterKill = samples.stream().filter(s -> s.startNanos() >= killedAt).count();
        long hitsAfterKill = samples.stream().filter(s -> s.startNanos() >= killedAt)
                .filter(s -> s.cacheStatus() != null && s.cacheStatus().contains("hit")).count();
        long p99 = LoadRun.percentileMillis(samples.stream().filter(s -> s.startNanos() >= killedAt)
                .map(LoadRun.Sample::latencyNanos).toList(), 99);
        Map<Integer, String> roles = sentinels.roles();
        System.out.printf("sentinel failover: master %d killed; sentinels named a new master after %d ms; caching"
                        + " resumed (a new page stored and hit) after %d ms; %d requests, %d after the kill (%d hits),"
                        + " client p99 after the kill %d ms, failed %d; roles now %s; breaker openings %d, store"
                        + " errors %d%n",
                oldMaster, millis(promotedAt, killedAt), millis(resumedAt, killedAt), samples.size(), afterKill,
                hitsAfterKill, p99, failed.size(), roles, filter.outputCache().stats().breakerOpenings(),
                filter.outputCache().stats().storeErrors());

        assertThat(failed).as("responses that were not 2xx").isEmpty();
        assertThat(promotedAt).as("the sentinels promoted the replica").isPositive();
        assertThat(resumedAt).as("caching resumed within %s of the kill", RESUME_WITHIN).isPositive();
        assertThat(roles).containsValue("master");
    }

    /** Whether a page requested twice is a hit the second time (it was stored on the master of the moment). */
    private static boolean resumes(HttpProbe http, String path) throws InterruptedException {
        http.get(path);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(50); // the write finishes after the response
            if (http.get(path).isHit()) {
                return true;
            }
        }
        return false;
    }

    private static long millis(long at, long since) {
        return at == 0 ? -1 : (at - since) / 1_000_000;
    }
}
