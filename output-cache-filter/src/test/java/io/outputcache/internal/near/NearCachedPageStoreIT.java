package io.outputcache.internal.near;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.CountingPageStore;
import io.outputcache.testing.ForwardingPageStore;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The decorator on a real Redis, its calls to the store counted: what it answers itself, what it forwards. */
class NearCachedPageStoreIT {
    private static final Duration TTL = Duration.ofMinutes(5);
    private final String prefix = TestRedis.newPrefix();
    private final List<RedissonClient> clients = new ArrayList<>();
    private final List<PageStore> stores = new ArrayList<>();
    private final LongAdder nearHits = new LongAdder();

    @AfterEach
    void close() {
        stores.forEach(PageStore::close);
        clients.forEach(RedissonClient::shutdown);
    }

    private RedissonClient client() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.url()).setConnectionMinimumIdleSize(1);
        RedissonClient client = Redisson.create(config);
        clients.add(client);
        return client;
    }

    /** A near-cached store over {@code store}, once its channel is up. */
    private NearCachedPageStore near(PageStore store, RedissonClient client) {
        NearCache cache = new NearCache(1024 * 1024, Clock.systemUTC());
        InvalidationChannel channel = new InvalidationChannel(client, prefix, cache, Duration.ofMillis(250),
                Duration.ofSeconds(1), new LongAdder());
        NearCachedPageStore near = new NearCachedPageStore(store, cache, channel, nearHits);
        stores.add(near);
        await().atMost(Duration.ofSeconds(5)).until(channel::up);
        return near;
    }

    private static byte[] entry(String body, String... tags) {
        long now = System.currentTimeMillis();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return EntryCodec.encode(new CachedPage("k", 200, now, now + 60_000, now + 120_000, 0, "", HeaderMap.empty(),
                false, b, b.length, Set.of(tags)));
    }

    /** Reads until the read is answered from the near cache. */
    private void untilCopied(PageStore store, String key) {
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            long before = nearHits.sum();
            get(store, key);
            return nearHits.sum() > before;
        });
    }

    private static byte[] get(PageStore store, String key) {
        return store.get(key).toCompletableFuture().join();
    }

    @Test
    void aNearHitMakesNoStoreCallAndIsAnsweredAtOnce() {
        RedissonClient client = client();
        RedisPageStore redis = new RedisPageStore(client, prefix);
        CountingPageStore counting = new CountingPageStore(redis);
        NearCachedPageStore near = near(counting, client);
        byte[] one = entry("one");
        redis.put("p:1", one, TTL, List.of()).toCompletableFuture().join();

        assertThat(get(near, "p:1")).isEqualTo(one);
        long calls = counting.calls();
        for (int i = 0; i < 10; i++) {
            CompletionStage<byte[]> answer = near.get("p:1");
            assertThat(answer.toCompletableFuture()).isDone();
        }
        assertThat(counting.calls()).isEqualTo(calls);
        assertThat(nearHits.sum()).isEqualTo(10);
    }

    @Test
    void aWriteDoesNotFillTheNearCache() {
        RedissonClient client = client();
        CountingPageStore counting = new CountingPageStore(new RedisPageStore(client, prefix));
        NearCachedPageStore near = near(counting, client);
        near.put("p:w", entry("written"), TTL, List.of("t")).toCompletableFuture().join();
        get(near, "p:w");
        assertThat(counting.gets()).isEqualTo(1);
        assertThat(nearHits.sum()).isZero();
    }

    @Test
    void aReadOvertakenByAnInvalidationLeavesNoCopy() {
        RedissonClient client = client();
        RedisPageStore redis = new RedisPageStore(client, prefix);
        CompletableFuture<byte[]> slowReply = new CompletableFuture<>();
        PageStore slow = new ForwardingPageStore(redis) {
            @Override
            public CompletionStage<byte[]> get(String key) {
                return slowReply;
            }
        };
        NearCachedPageStore near = near(slow, client);
        CompletionStage<byte[]> inFlight = near.get("p:race");
        near.delete("p:race").toCompletableFuture().join();
        slowReply.complete(entry("old")); // the old value, read before the delete, answers after it
        assertThat(inFlight.toCompletableFuture().join()).isNotNull();
        assertThat(near.get("p:race").toCompletableFuture().join()).as("read again").isNotNull();
        assertThat(nearHits.sum()).as("near hits").isZero();
    }

    @Test
    void getAllAnswersCopiesLocallyAndAsksTheStoreOnceForTheRest() {
        RedissonClient client = client();
        RedisPageStore redis = new RedisPageStore(client, prefix);
        List<List<String>> asked = new CopyOnWriteArrayList<>();
        PageStore recording = new ForwardingPageStore(redis) {
            @Override
            public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
                asked.add(List.copyOf(keys));
                return super.getAll(keys);
            }
        };
        NearCachedPageStore near = near(recording, client);
        redis.put("f:1", entry("one"), TTL, List.of()).toCompletableFuture().join();
        redis.put("f:2", entry("two"), TTL, List.of()).toCompletableFuture().join();
        get(near, "f:1"); // now a copy

        Map<String, byte[]> found = near.getAll(List.of("f:1", "f:2", "f:3")).toCompletableFuture().join();
        assertThat(found).containsOnlyKeys("f:1", "f:2");
        assertThat(asked).containsExactly(List.of("f:2", "f:3"));
        // both present ones are copies now: the next getAll asks nothing
        asked.clear();
        near.getAll(List.of("f:1", "f:2")).toCompletableFuture().join();
        assertThat(asked).isEmpty();
    }

    @Test
    void aTagInvalidatedThroughOneStoreDropsTheCopiesOfAnother() {
        RedissonClient clientA = client();
        RedissonClient clientB = client();
        NearCachedPageStore a = near(new RedisPageStore(clientA, prefix), clientA);
        CountingPageStore countingB = new CountingPageStore(new RedisPageStore(clientB, prefix));
        NearCachedPageStore b = near(countingB, clientB);
        a.put("p:t", entry("tagged", "product-7"), TTL, List.of("product-7")).toCompletableFuture().join();
        a.put("p:u", entry("other", "nav"), TTL, List.of("nav")).toCompletableFuture().join();
        // A's own announcements of its two puts may still be on their way and drop B's first copies
        untilCopied(b, "p:t");
        untilCopied(b, "p:u");

        assertThat(a.invalidateTag("product-7").toCompletableFuture().join()).isEqualTo(1);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofMillis(100)).until(() -> get(b, "p:t") == null);
        long afterDrop = countingB.gets();
        get(b, "p:u");
        assertThat(countingB.gets()).as("the copy without the tag stays").isEqualTo(afterDrop);
    }

    /**
     * Writes, invalidations and reads of one key in a tight loop on two nodes for a second: once the messages
     * have arrived, the reading node's copy (if any) is what Redis holds. A smoke test of the whole under load:
     * the race of one overtaken read is pinned down by {@link #aReadOvertakenByAnInvalidationLeavesNoCopy} (which
     * fails without the generation check; this one, timing-dependent, did not in two runs).
     */
    @Test
    void underConcurrentWritesAndInvalidationsNoStaleCopySurvives() throws Exception {
        RedissonClient clientA = client();
        RedissonClient clientB = client();
        RedisPageStore redisB = new RedisPageStore(clientB, prefix);
        NearCachedPageStore a = near(new RedisPageStore(clientA, prefix), clientA);
        NearCachedPageStore b = near(redisB, clientB);
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        Thread writer = new Thread(() -> {
            for (int i = 0; System.nanoTime() < end; i++) {
                a.put("p:hot", entry("v" + i, "hot"), TTL, List.of("hot")).toCompletableFuture().join();
                if (i % 3 == 0) {
                    a.invalidateTag("hot").toCompletableFuture().join();
                } else if (i % 3 == 1) {
                    a.delete("p:hot").toCompletableFuture().join();
                }
            }
        });
        writer.start();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < end) {
                    get(b, "p:hot");
                }
            });
            reader.start();
            readers.add(reader);
        }
        writer.join();
        for (Thread r : readers) {
            r.join();
        }
        Thread.sleep(200); // the last messages arrive
        byte[] inRedis = get(redisB, "p:hot");
        byte[] copy = get(b, "p:hot");
        assertThat(copy).isEqualTo(inRedis);
        System.out.printf("[near-cache] concurrency: %d near hits on the reading node%n", nearHits.sum());
    }

    /** Another branch may add methods to the SPI: each must be forwarded, not left to a default that skips it. */
    @Test
    void everyPageStoreMethodIsImplementedByTheDecorator() throws Exception {
        for (Method m : PageStore.class.getMethods()) {
            Method own = NearCachedPageStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            assertThat(own.getDeclaringClass()).as(m.toString()).isEqualTo(NearCachedPageStore.class);
        }
    }
}
