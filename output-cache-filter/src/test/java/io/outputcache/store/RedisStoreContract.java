package io.outputcache.store;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.fragment.FragmentSpec;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisInvariants;
import io.outputcache.testing.RedisTopology;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import io.outputcache.testing.TopologyMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contract, the Redis keyspace rules and the filter on top, run against one Redis topology per subclass
 * (standalone, cluster, Sentinel, TLS), with the store made the way the filter makes it: from
 * {@link OutputCacheConfig} through {@link RedisPageStore#connect}. After each test every key under the prefix
 * expires and no lease is held.
 */
@ExtendWith(TopologyMatrix.class)
abstract class RedisStoreContract extends PageStoreContract implements TopologyMatrix.OnTopology {
    protected final String prefix = TestRedis.newPrefix();

    /** The topology this subclass runs against. */
    @Override
    public abstract RedisTopology topology();

    @Override
    protected PageStore create() {
        return RedisPageStore.connect(topology().configure(OutputCacheConfig.builder()).keyPrefix(prefix)
                .storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("x").include("/").build()).build());
    }

    protected RedissonClient inspector() {
        return topology().inspector();
    }

    @AfterEach
    void keyspaceIsClean() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            RedisInvariants.assertClean(inspector(), prefix);
        }
    }

    private TestServer server;
    private OutputCacheFilter filter;
    private final PageServlet page = new PageServlet().behave((req, res, n) -> {
        // /product/7 is tagged product-7 and catalog
        if (req.getRequestURI().startsWith("/product/")) {
            OutputCache.tag(req, "product-" + req.getRequestURI().substring("/product/".length()), "catalog");
        }
        PageServlet.standardPage(req, res, n);
    });

    /** A real Jetty with the filter in front of {@link #page}, its Redis set for this topology. */
    private HttpProbe site() {
        filter = new OutputCacheFilter(topology().configure(OutputCacheConfig.builder()).keyPrefix(prefix)
                .storeTimeout(Duration.ofSeconds(1))
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        return server.client();
    }

    /** Requests {@code path} until it is a hit (the write finishes after the first response). */
    private static void awaitHit(HttpProbe http, String path) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> http.get(path).isHit());
    }

    @Test
    void aPageRenderedWhileItsTagIsInvalidatedIsNotStored() {
        HttpProbe http = site();
        AtomicBoolean invalidateDuringRender = new AtomicBoolean(true);
        page.behave((req, res, n) -> {
            OutputCache.tag(req, "price");
            if (invalidateDuringRender.getAndSet(false)) {
                // the price changes while this page renders from the old one
                filter.outputCache().invalidateTag("price");
            }
            PageServlet.standardPage(req, res, n);
        });
        assertThat(http.get("/racing").isHit()).isFalse();
        HttpProbe.Response second = http.get("/racing");
        assertThat(second.isHit()).as("the page rendered during the invalidation was not kept").isFalse();
        assertThat(page.renders()).isEqualTo(2);
        awaitHit(http, "/racing"); // a render after the invalidation is kept as usual
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void aFragmentRenderedWhileItsTagIsInvalidatedIsNotStored() {
        site();
        FragmentSpec spec = FragmentSpec.builder("price-box").ttl(Duration.ofMinutes(1)).tags("price")
                .build();
        var fragments = filter.outputCache().fragments();
        assertThat(fragments.getOrRender(spec, () -> {
            filter.outputCache().invalidateTag("price");
            return "old price";
        })).isEqualTo("old price");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> inspector().getKeys().getKeysStreamByPattern(prefix + ":f:*").count() == 0);
        assertThat(fragments.getOrRender(spec, () -> "new price")).isEqualTo("new price");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "new price".equals(fragments.getOrRender(spec, () -> "rendered again")));
    }

    @Test
    void theFilterStoresAPageAndServesItFromRedis() {
        HttpProbe http = site();
        assertThat(http.get("/a").isHit()).isFalse();
        awaitHit(http, "/a");
        assertThat(page.renders()).isEqualTo(1);
        assertThat(inspector().getKeys().getKeysStreamByPattern(prefix + ":p:*").count()).isPositive();
    }

    @Test
    void aTagInvalidatedThroughTheFilterTakesItsPagesAndOnlyThose() {
        HttpProbe http = site();
        for (String path : List.of("/product/1", "/product/2", "/about")) {
            http.get(path);
            awaitHit(http, path);
        }
        int renders = page.renders();
        assertThat(filter.outputCache().invalidateTag("product-1")).isEqualTo(1);
        assertThat(http.get("/product/1").isHit()).isFalse();
        assertThat(http.get("/product/2").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(renders + 1);
        awaitHit(http, "/product/1");
        assertThat(filter.outputCache().invalidateTag("catalog")).isEqualTo(2);
        assertThat(http.get("/about").isHit()).isTrue();
        assertThat(http.get("/product/2").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(renders + 2);
    }

    @Test
    void clearThroughTheFilterEmptiesTheCache() {
        HttpProbe http = site();
        for (int i = 0; i < 12; i++) {
            http.get("/c" + i);
            awaitHit(http, "/c" + i);
        }
        filter.outputCache().clear();
        assertThat(inspector().getKeys().getKeysStreamByPattern(prefix + ":p:*").count()).isZero();
        assertThat(http.get("/c0").isHit()).isFalse();
    }

    @Test
    void aCorruptPageInRedisIsAMissAndIsReplacedByAFreshRender() {
        HttpProbe http = site();
        http.get("/corrupt");
        awaitHit(http, "/corrupt");
        String key = inspector().getKeys().getKeysStreamByPattern(prefix + ":p:*").findFirst().orElseThrow();
        inspector().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).set(bytes("not a page"), Duration.ofMinutes(5));
        int renders = page.renders();
        HttpProbe.Response response = http.get("/corrupt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.isHit()).isFalse();
        assertThat(response.text()).contains("render #" + (renders + 1));
        assertThat(filter.outputCache().stats().corruptEntries()).isEqualTo(1);
        awaitHit(http, "/corrupt");
    }

    @Test
    void keysLiveUnderThePrefixAndAllExpire() {
        join(store.put("p:abc", bytes("x"), Duration.ofMinutes(1), List.of("nav")));
        var keys = inspector().getKeys();
        assertThat(keys.getKeysStreamByPattern(prefix + ":*").toList())
                .containsExactlyInAnyOrder(prefix + ":p:abc", prefix + ":t:nav");
        assertThat(keys.remainTimeToLive(prefix + ":p:abc")).isBetween(50_000L, 60_000L);
        assertThat(keys.remainTimeToLive(prefix + ":t:nav")).isBetween(50_000L, 60_000L);
    }

    @Test
    void tagIndexLivesAsLongAsItsLongestMember() {
        join(store.put("p:long", bytes("x"), Duration.ofMinutes(10), List.of("nav")));
        join(store.put("p:short", bytes("x"), Duration.ofMinutes(1), List.of("nav")));
        assertThat(inspector().getKeys().remainTimeToLive(prefix + ":t:nav")).isGreaterThan(9 * 60_000L);
    }

    @Test
    void clearLeavesKeysTheCacheDidNotWrite() {
        var keys = inspector().getKeys();
        inspector().getBucket(prefix + ":cart:abc").set("application data", Duration.ofMinutes(1));
        join(store.put("p:abc", bytes("x"), Duration.ofMinutes(1), List.of("nav")));
        join(store.put("f:frag", bytes("y"), Duration.ofMinutes(1), List.of()));
        join(store.clear());
        // left: the application's key, and the epoch and clear mark that keep renders under way from storing
        assertThat(keys.getKeysStreamByPattern(prefix + ":*").toList())
                .containsExactlyInAnyOrder(prefix + ":cart:abc", prefix + ":e", prefix + ":c");
        keys.delete(prefix + ":cart:abc");
    }

    private org.redisson.api.RScoredSortedSet<String> tagIndex(String tag) {
        return inspector().getScoredSortedSet(prefix + ":t:" + tag, StringCodec.INSTANCE);
    }

    @Test
    void aTagIndexHoldsOnlyTheKeysOfLiveEntries() {
        for (int i = 0; i < 50; i++) {
            join(store.put("p:gone" + i, bytes("x"), Duration.ofMillis(1500), List.of("flood")));
        }
        assertThat(tagIndex("flood").size()).isEqualTo(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> join(store.get("p:gone49")) == null);
        // touching the index drops the members whose entries expired
        join(store.put("p:live", bytes("x"), Duration.ofMinutes(1), List.of("flood")));
        assertThat(tagIndex("flood").readAll()).containsExactly(prefix + ":p:live");
        assertThat(inspector().getKeys().remainTimeToLive(prefix + ":t:flood")).isBetween(50_000L, 60_000L);
    }

    @Test
    void aMemberOfATagIndexIsScoredByWhenItsEntryExpires() {
        long before = System.currentTimeMillis();
        join(store.put("p:scored", bytes("x"), Duration.ofMinutes(3), List.of("s")));
        join(store.put("p:scored", bytes("x"), Duration.ofMinutes(1), List.of("s"))); // never loses time
        Double score = tagIndex("s").getScore(prefix + ":p:scored");
        assertThat(score.longValue()).isBetween(before + 170_000L, System.currentTimeMillis() + 190_000L);
    }

    @Test
    void aTagIndexWrittenAsASetByAnEarlierVersionIsStillInvalidated() {
        // the format before the sorted set: a SET of full entry keys
        inspector().<byte[]>getBucket(prefix + ":p:legacy", ByteArrayCodec.INSTANCE).set(bytes("old"),
                Duration.ofMinutes(1));
        var legacy = inspector().<String>getSet(prefix + ":t:legacy", StringCodec.INSTANCE);
        legacy.add(prefix + ":p:legacy");
        legacy.expire(Duration.ofMinutes(1));
        assertThat(join(store.invalidateTag("legacy"))).isEqualTo(1);
        assertThat(join(store.get("p:legacy"))).isNull();
    }

    @Test
    void aSetFormatTagIndexTouchedByAPutKeepsItsOldMembers() {
        inspector().<byte[]>getBucket(prefix + ":p:old", ByteArrayCodec.INSTANCE).set(bytes("old"),
                Duration.ofMinutes(1));
        var legacy = inspector().<String>getSet(prefix + ":t:mixed", StringCodec.INSTANCE);
        legacy.add(prefix + ":p:old");
        legacy.expire(Duration.ofMinutes(1));
        join(store.put("p:new", bytes("new"), Duration.ofMinutes(1), List.of("mixed")));
        assertThat(join(store.invalidateTag("mixed"))).isEqualTo(2);
        assertThat(join(store.get("p:old"))).isNull();
        assertThat(join(store.get("p:new"))).isNull();
    }

    @Test
    void aKeyOfAnotherTypeUnderATagIndexNameDoesNotBreakTheTag() {
        inspector().getBucket(prefix + ":t:odd", StringCodec.INSTANCE).set("not an index", Duration.ofMinutes(1));
        assertThat(join(store.invalidateTag("odd"))).isZero();
        inspector().getBucket(prefix + ":t:odd2", StringCodec.INSTANCE).set("not an index", Duration.ofMinutes(1));
        join(store.put("p:odd", bytes("x"), Duration.ofMinutes(1), List.of("odd2"), join(store.invalidationEpoch())));
        assertThat(join(store.invalidateTag("odd2"))).isEqualTo(1);
        assertThat(join(store.get("p:odd"))).isNull();
    }

    @Test
    void anEpochThatExpiredComesBackHigherThanAnyReadBefore() {
        join(store.invalidateTag("x"));
        long before = join(store.invalidationEpoch());
        inspector().getKeys().delete(prefix + ":e"); // expired, or evicted
        join(store.invalidateTag("y"));
        assertThat(join(store.invalidationEpoch())).isGreaterThan(before);
        assertThat(join(store.put("p:y", bytes("old"), Duration.ofMinutes(1), List.of("y"), before))).isFalse();
    }

    @Test
    void anInvalidationLeavesOnlyItsMarkWhichExpires() {
        join(store.put("p:m", bytes("x"), Duration.ofMinutes(1), List.of("m")));
        join(store.invalidateTag("m"));
        assertThat(tagIndex("m").readAll()).containsExactly("");
        assertThat(inspector().getKeys().remainTimeToLive(prefix + ":t:m"))
                .isPositive().isLessThanOrEqualTo(RedisPageStore.DEFAULT_MARK_WINDOW.toMillis());
        assertThat(inspector().getKeys().remainTimeToLive(prefix + ":e")).isPositive();
    }

    @Test
    void valuesAreStoredAsTheExactBytes() {
        byte[] binary = {0, (byte) 0xff, 'O', 'C', 1};
        join(store.put("p:bin", binary, Duration.ofMinutes(1), List.of()));
        assertThat(inspector().<byte[]>getBucket(prefix + ":p:bin", ByteArrayCodec.INSTANCE).get()).isEqualTo(binary);
    }

    @Test
    void aKeyOfAnotherRedisTypeUnderAnEntryNameFailsTheCallInsteadOfHanging() {
        // Someone else's hash where a page should be: the call must end (the filter makes it a miss), not hang.
        var map = inspector().getMap(prefix + ":p:wrongtype");
        map.put("field", "value");
        map.expire(Duration.ofMinutes(1));
        assertThat(store.get("p:wrongtype").toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause().withMessageContaining("WRONGTYPE");
        join(store.delete("p:wrongtype"));
        join(store.put("p:wrongtype", bytes("page"), Duration.ofMinutes(1), List.of()));
        assertThat(join(store.get("p:wrongtype"))).isEqualTo(bytes("page"));
    }
}
