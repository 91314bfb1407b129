package io.outputcache.internal.near;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two nodes of one site: two in-process Jetty servers, each with its own filter and near cache, on one Redis
 * topology (a subclass per topology) and one key prefix. Their pages show a version shared by both, as a shared
 * database would; what one node invalidates the other must stop serving.
 */
@ExtendWith(TopologyMatrix.class)
abstract class NearCacheContract implements TopologyMatrix.OnTopology {
    /** The version of the "data" both nodes render. */
    private final AtomicInteger version = new AtomicInteger(1);
    private final String prefix = TestRedis.newPrefix();
    private final List<Node> nodes = new ArrayList<>();

    /** One node: a server, its filter, its handle. */
    record Node(TestServer server, OutputCacheFilter filter) {
        HttpProbe http() {
            return server.client();
        }

        OutputCache cache() {
            return filter.outputCache();
        }

        long nearHits() {
            return cache().stats().nearHits();
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(n -> n.server().close());
    }

    Node node() {
        PageServlet page = new PageServlet().behave((req, res, n) -> {
            OutputCache.tag(req, "item");
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().print("<p>version=" + version.get() + ";</p><p>render #" + n + "</p>");
        });
        OutputCacheFilter filter = new OutputCacheFilter(topology().configure(OutputCacheConfig.builder())
                .keyPrefix(prefix).storeTimeout(Duration.ofSeconds(1)).nearCacheMaxSize(8L * 1024 * 1024)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        Node node = new Node(TestServer.builder().servlet("/*", page).filter(filter).start(), filter);
        nodes.add(node);
        return node;
    }

    /** Requests the path until one answer came from the node's near cache; returns that answer's text. */
    static String untilNearHit(Node node, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            long before = node.nearHits();
            String text = node.http().get(path).text();
            if (node.nearHits() > before) {
                return text;
            }
        }
        return fail("no near hit for " + path + " within 10 s");
    }

    @Test
    void aTagInvalidationOnOneNodeReachesTheOtherWithin100msAtP99() {
        Node a = node();
        Node b = node();
        int rounds = 200;
        long[] micros = new long[rounds];
        long[] callMicros = new long[rounds];
        int stalePolls = 0;
        for (int i = 0; i < rounds; i++) {
            String old = "version=" + version.get() + ";";
            assertThat(untilNearHit(b, "/item")).contains(old);
            version.incrementAndGet();
            long start = System.nanoTime();
            a.cache().invalidateTag("item");
            callMicros[i] = (System.nanoTime() - start) / 1000;
            // B answers from its near cache until the message arrives, then from Redis (gone) by rendering anew.
            // The latency is until the first request of B's that no longer got the old page was sent (its render
            // and store are not part of the invalidation's way to B).
            long sent = System.nanoTime();
            while (b.http().get("/item").text().contains(old)) {
                stalePolls++;
                sent = System.nanoTime();
                if (sent - start > Duration.ofSeconds(2).toNanos()) {
                    fail("node B still served " + old + " 2 s after node A invalidated it (round " + i + ")");
                }
            }
            micros[i] = (sent - start) / 1000;
        }
        java.util.Arrays.sort(micros);
        java.util.Arrays.sort(callMicros);
        long p50 = micros[rounds / 2];
        long p99 = micros[(int) Math.ceil(rounds * 0.99) - 1];
        System.out.printf("[near-cache] %s: tag invalidation A -> B over %d rounds: p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms (the invalidateTag call on A alone: p50 %.2f ms, p99 %.2f ms; B answers with the old"
                + " page after the call returned: %d)%n", topology(), rounds, p50 / 1000.0, p99 / 1000.0,
                micros[rounds - 1] / 1000.0, callMicros[rounds / 2] / 1000.0,
                callMicros[(int) Math.ceil(rounds * 0.99) - 1] / 1000.0, stalePolls);
        assertThat(p99).as("p99 in microseconds").isLessThan(100_000);
    }

    @Test
    void aPageReplacedOnOneNodeIsDroppedFromTheOthersNearCache() {
        Node a = node();
        Node b = node();
        untilNearHit(b, "/replaced");
        untilNearHit(a, "/replaced");
        version.incrementAndGet();
        // A stores a new render under the same key (a refresh, as after a path invalidation elsewhere)
        a.cache().invalidatePath("/replaced");
        String fresh = a.http().get("/replaced").text();
        assertThat(fresh).contains("version=" + version.get() + ";");
        awaitServes(b, "/replaced", "version=" + version.get() + ";");
    }

    @Test
    void aClearOnOneNodeEmptiesEveryNearCache() {
        Node a = node();
        Node b = node();
        untilNearHit(b, "/cleared");
        version.incrementAndGet();
        a.cache().clear();
        awaitServes(b, "/cleared", "version=" + version.get() + ";");
    }

    @Test
    void bothNodesServeNearHitsForTheSamePage() {
        Node a = node();
        Node b = node();
        assertThat(untilNearHit(a, "/shared")).isEqualTo(untilNearHit(b, "/shared"));
    }

    private static void awaitServes(Node node, String path, String expected) {
        long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = node.http().get(path).text();
            if (text.contains(expected)) {
                return;
            }
        }
        fail("node still served " + text + " 500 ms after the invalidation");
    }
}
