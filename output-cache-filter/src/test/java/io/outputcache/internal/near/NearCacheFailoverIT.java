package io.outputcache.internal.near;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.NearCacheSettings;
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
import java.util.concurrent.atomic.AtomicInteger;

import static io.outputcache.internal.near.NearCacheContract.untilNearHit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel failover with near caches on two nodes: the master is killed, the replica promoted, and a tag
 * invalidated on node A as soon as it can. Node B must stop serving the invalidated page within the silence limit
 * (it resubscribes to the new master, which empties its near cache), and its near cache must work again after.
 */
@ExtendWith(TopologyMatrix.class)
class NearCacheFailoverIT implements TopologyMatrix.OnTopology {
    private final AtomicInteger version = new AtomicInteger(1);
    private final String prefix = TestRedis.newPrefix();
    private final List<NearCacheContract.Node> nodes = new ArrayList<>();
    private RedisSentinels sentinels;

    @Override
    public RedisTopology topology() {
        return RedisTopology.SENTINEL;
    }

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.server().close());
        if (sentinels != null) {
            sentinels.close();
        }
    }

    private NearCacheContract.Node node() {
        PageServlet page = new PageServlet().behave((req, res, n) -> {
            OutputCache.tag(req, "item");
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().print("<p>version=" + version.get() + ";</p><p>render #" + n + "</p>");
        });
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrls(sentinels.sentinelUrls()).redisMode(OutputCacheConfig.RedisMode.SENTINEL)
                .redisSentinelMaster(RedisSentinels.MASTER_NAME).keyPrefix(prefix)
                .nearCacheMaxSize(8L * 1024 * 1024)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        NearCacheContract.Node node =
                new NearCacheContract.Node(TestServer.builder().servlet("/*", page).filter(filter).start(), filter);
        nodes.add(node);
        return node;
    }

    @Test
    void afterAFailoverANodeStopsServingWhatWasInvalidatedOnTheNewMaster() {
        RedisTopology.SENTINEL.deployment(); // skips (or fails, in CI) here if Sentinel cannot run on this machine
        sentinels = RedisSentinels.start();
        NearCacheContract.Node a = node();
        NearCacheContract.Node b = node();
        String old = "version=" + version.get() + ";";
        assertThat(untilNearHit(b, "/p")).contains(old);
        sentinels.awaitReplicaInSync();

        int oldMaster = sentinels.masterPort();
        long killedAt = System.nanoTime();
        sentinels.master().kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.masterPort() != oldMaster);
        version.incrementAndGet();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            a.cache().invalidateTag("item");
            return true;
        });
        long invalidatedAt = System.nanoTime();
        long limit = NearCacheSettings.ofMaxSize(1024).silenceLimit().plusMillis(500).toNanos();
        int staleAnswers = 0;
        while (b.http().get("/p").text().contains(old)) {
            staleAnswers++;
            assertThat(System.nanoTime() - invalidatedAt).as("B still serves the invalidated page").isLessThan(limit);
        }
        System.out.printf("[near-cache] sentinel failover: invalidated %d ms after the kill; B served the old page"
                        + " %d more times, for %.1f ms; B's near cache emptied %d times%n",
                (invalidatedAt - killedAt) / 1_000_000, staleAnswers, (System.nanoTime() - invalidatedAt) / 1e6,
                b.cache().stats().nearFlushes());
        assertThat(b.cache().stats().nearFlushes()).as("near cache emptied on the failover").isPositive();
        assertThat(untilNearHit(b, "/p")).contains("version=" + version.get() + ";");
    }
}
