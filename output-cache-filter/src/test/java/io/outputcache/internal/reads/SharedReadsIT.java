package io.outputcache.internal.reads;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared reads over a real Redis while other threads keep GETs of the key in flight all the time: reads share
 * them, and a read begun after this node's write or invalidation finished still sees what it left.
 */
class SharedReadsIT {
    private static final Duration TTL = Duration.ofMinutes(1);
    private final String prefix = TestRedis.newPrefix();
    private final LongAdder shared = new LongAdder();
    private final SharedReads reads = (SharedReads) SharedReads.around(RedisPageStore.connect(OutputCacheConfig
            .builder().redisUrl(TestRedis.url()).keyPrefix(prefix).storeTimeout(Duration.ofSeconds(2))
            .rule(CacheRule.builder("x").include("/").build()).build()), Duration.ofSeconds(2), shared);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> hammers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        stop.set(true);
        for (Thread t : hammers) {
            t.join(5_000);
        }
        reads.clear().toCompletableFuture().get(5, TimeUnit.SECONDS);
        reads.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Threads that read the key without pause, so that a GET of it is nearly always in flight. */
    private void hammer(String key, int threads) {
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    join(reads.get(key));
                }
            }, "hammer-" + i);
            t.setDaemon(true);
            t.start();
            hammers.add(t);
        }
    }

    @Test
    void readsSentTogetherShareGetsAndAllSeeTheValue() {
        join(reads.put("p:hot", bytes("v1"), TTL, Set.of()));
        List<CompletableFuture<byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(reads.get("p:hot").toCompletableFuture());
        }
        for (CompletableFuture<byte[]> f : sent) {
            assertThat(join(f)).asString(StandardCharsets.UTF_8).isEqualTo("v1");
        }
        assertThat(shared.sum()).isPositive();
    }

    @Test
    void aReadAfterThisNodesWriteSeesTheWriteWhileGetsAreInFlight() {
        hammer("p:hot", 4);
        for (int i = 0; i < 300; i++) {
            join(reads.put("p:hot", bytes("v" + i), TTL, Set.of("t"), 0L));
            assertThat(join(reads.get("p:hot"))).asString(StandardCharsets.UTF_8).isEqualTo("v" + i);
        }
        assertThat(shared.sum()).isPositive();
    }

    @Test
    void aReadAfterThisNodesDeleteOrInvalidationSeesNothingWhileGetsAreInFlight() {
        hammer("p:hot", 4);
        for (int i = 0; i < 100; i++) {
            join(reads.put("p:hot", bytes("v" + i), TTL, Set.of("t")));
            if (i % 2 == 0) {
                join(reads.delete("p:hot"));
            } else {
                join(reads.invalidateTag("t"));
            }
            assertThat(join(reads.get("p:hot"))).isNull();
        }
    }
}
