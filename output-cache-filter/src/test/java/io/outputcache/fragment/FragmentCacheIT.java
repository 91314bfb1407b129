package io.outputcache.fragment;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java API of the fragment cache against a real Redis, through the handle a filter publishes. */
class FragmentCacheIT {
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCache cache;

    @BeforeEach
    void start() {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(prefix).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/pages/**").ttl(Duration.ofMinutes(1)).build())
                .build());
        server = TestServer.builder().servlet("/*", new PageServlet()).filter(filter).start();
        cache = filter.outputCache();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static FragmentSpec spec(String name, Object... vary) {
        return FragmentSpec.builder(name).ttl(Duration.ofMinutes(1)).vary(vary).tags("t-" + name).build();
    }

    @Test
    void fragmentIsStoredUnderAnFKeyInThePageEntryFormat() {
        cache.fragments().getOrRender(spec("footer", "en"), () -> "<footer>hi</footer>");
        awaitStored(1);

        var keys = new ArrayList<String>();
        TestRedis.inspector().getKeys().getKeysByPattern(prefix + ":f:*").forEach(keys::add);
        assertThat(keys).hasSize(1);
        byte[] raw = TestRedis.inspector().<byte[]>getBucket(keys.get(0), ByteArrayCodec.INSTANCE).get();
        Optional<CachedPage> entry = EntryCodec.decode(raw);
        assertThat(entry).isPresent();
        assertThat(new String(entry.get().body(), StandardCharsets.UTF_8)).isEqualTo("<footer>hi</footer>");
        assertThat(entry.get().tags()).containsExactly("t-footer");
        long ttl = TestRedis.inspector().getBucket(keys.get(0)).remainTimeToLive();
        assertThat(ttl).isBetween(1L, 60_000L);
    }

    @Test
    void concurrentMissesRenderOnce() throws Exception {
        AtomicInteger renders = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.fragments().getOrRender(spec("slow"), () -> {
                        renders.incrementAndGet();
                        sleep(300);
                        return "<b>slow</b>";
                    });
                }));
            }
            go.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("<b>slow</b>");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(renders.get()).isEqualTo(1);
        assertThat(cache.stats().fragmentRenders()).isEqualTo(1);
    }

    @Test
    void invalidatingATagRemovesTheFragment() {
        AtomicInteger renders = new AtomicInteger();
        cache.fragments().getOrRender(spec("banner"), () -> "v" + renders.incrementAndGet());
        awaitStored(1); // stores are written in the background
        assertThat(cache.fragments().getOrRender(spec("banner"), () -> "v" + renders.incrementAndGet())).isEqualTo("v1");

        assertThat(cache.invalidateTag("t-banner")).isEqualTo(1);

        assertThat(cache.fragments().getOrRender(spec("banner"), () -> "v" + renders.incrementAndGet())).isEqualTo("v2");
        assertThat(cache.stats().fragmentHits()).isEqualTo(1);
        assertThat(cache.stats().fragmentMisses()).isEqualTo(2);
    }

    @Test
    void varyValuesAreKeyedUnambiguously() {
        String a = cache.fragments().getOrRender(spec("v", "a,b"), () -> "one");
        String b = cache.fragments().getOrRender(spec("v", "a", "b"), () -> "two");
        String c = cache.fragments().getOrRender(spec("v", (Object) null), () -> "three");
        String d = cache.fragments().getOrRender(spec("v", "null"), () -> "four");
        assertThat(List.of(a, b, c, d)).containsExactly("one", "two", "three", "four");
    }

    @Test
    void renderThatIsNotShareableIsUsedOnceAndNotStored() {
        String first = cache.fragments().getOrCompute(spec("personal"), () -> FragmentCache.Rendered.once("mine"));
        String second = cache.fragments().getOrRender(spec("personal"), () -> "shared");
        assertThat(first).isEqualTo("mine");
        assertThat(second).isEqualTo("shared");
        assertThat(cache.stats().fragmentStores()).isEqualTo(1);
    }

    @Test
    void renderFailureReachesTheCallerAndStoresNothing() {
        Supplier<String> failing = () -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> cache.fragments().getOrRender(spec("broken"), failing)).hasMessage("boom");
        assertThat(cache.fragments().getOrRender(spec("broken"), () -> "fixed")).isEqualTo("fixed");
    }

    @Test
    void specRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> FragmentSpec.builder("x").build()).hasMessageContaining("needs a ttl");
        assertThatThrownBy(() -> FragmentSpec.builder(" ").ttl(Duration.ofSeconds(1)).build())
                .hasMessageContaining("fragment name");
        assertThatThrownBy(() -> FragmentSpec.builder("x").ttl(Duration.ZERO).build())
                .hasMessageContaining("fragment ttl must be positive");
        assertThatThrownBy(() -> FragmentSpec.builder("x").ttl(Duration.ofSeconds(1)).tags("a b").build())
                .hasMessageContaining("fragment tag");
        assertThatThrownBy(() -> cache.fragments().registerHole("no spaces", (q, r) -> ""))
                .hasMessageContaining("hole name");
    }

    private void awaitStored(int fragments) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> countKeys() >= fragments);
    }

    private long countKeys() {
        long n = 0;
        for (String ignored : TestRedis.inspector().getKeys().getKeysByPattern(prefix + ":f:*")) {
            n++;
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
