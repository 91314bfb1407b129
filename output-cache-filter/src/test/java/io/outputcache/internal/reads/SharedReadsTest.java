package io.outputcache.internal.reads;

import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/** Which reads share a GET in flight and which send their own, the store's replies given by the test. */
class SharedReadsTest {
    private static final Duration TTL = Duration.ofMinutes(1);
    private final HeldStore held = new HeldStore();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LongAdder shared = new LongAdder();
    private final SharedReads reads = new SharedReads(held, Duration.ofMillis(100), nanos::get, shared);
    private final byte[] page = "page".getBytes(StandardCharsets.UTF_8);

    private static byte[] now(CompletionStage<byte[]> stage) {
        CompletableFuture<byte[]> f = stage.toCompletableFuture();
        assertThat(f).isDone();
        return f.join();
    }

    @Test
    void concurrentReadsOfOneKeyShareOneGet() {
        CompletionStage<byte[]> first = reads.get("p:a");
        CompletionStage<byte[]> second = reads.get("p:a");
        CompletionStage<byte[]> third = reads.get("p:a");

        assertThat(held.count("get p:a")).isEqualTo(1);
        held.last("get p:a").answer(page);
        assertThat(now(first)).isSameAs(page);
        assertThat(now(second)).isSameAs(page);
        assertThat(now(third)).isSameAs(page);
        assertThat(shared.sum()).isEqualTo(2);
    }

    @Test
    void aReadAfterTheReplySendsItsOwnGet() {
        reads.get("p:a");
        held.last("get p:a").answer(page);
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void otherKeysSendTheirOwnGets() {
        reads.get("p:a");
        reads.get("p:b");
        assertThat(held.count("get p:a")).isEqualTo(1);
        assertThat(held.count("get p:b")).isEqualTo(1);
        assertThat(shared.sum()).isZero();
    }

    @Test
    void aFailedGetFailsEveryReadThatSharedIt() {
        CompletionStage<byte[]> first = reads.get("p:a");
        CompletionStage<byte[]> second = reads.get("p:a");
        held.last("get p:a").reply().completeExceptionally(new IllegalStateException("down"));
        assertThat(first.toCompletableFuture()).isCompletedExceptionally();
        assertThat(second.toCompletableFuture()).isCompletedExceptionally();
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void aCallerCannotCompleteTheReplyOthersWaitFor() {
        CompletionStage<byte[]> first = reads.get("p:a");
        CompletionStage<byte[]> second = reads.get("p:a");
        first.toCompletableFuture().complete("forged".getBytes(StandardCharsets.UTF_8));
        held.last("get p:a").answer(page);
        assertThat(now(second)).isSameAs(page);
    }

    @Test
    void aReadBegunDuringThisNodesWriteDoesNotShareAGetSentBeforeIt() {
        reads.get("p:a");
        reads.put("p:a", page, TTL, Set.of(), 7L);
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void aReadBegunAfterTheWriteFinishedDoesNotShareAGetSentWhileItRan() {
        reads.put("p:a", page, TTL, Set.of());
        reads.get("p:a"); // sent while the write runs: it may read the old value
        held.last("put p:a").answer(null);
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void aFailedWriteStillEndsTheSharing() {
        CompletionStage<Void> write = reads.delete("p:a");
        reads.get("p:a");
        held.last("delete p:a").reply().completeExceptionally(new IllegalStateException("timeout"));
        assertThat(write.toCompletableFuture()).isCompletedExceptionally();
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void aWriteOfAnotherKeyLeavesTheSharing() {
        // "p:a" and "p:b" hash one apart: different stripes
        reads.get("p:a");
        reads.put("p:b", page, TTL, Set.of());
        held.last("put p:b").answer(null);
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(1);
    }

    @Test
    void aTagInvalidationOrAClearEndsTheSharingOfEveryKey() {
        reads.get("p:a");
        reads.invalidateTag("catalog");
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);

        reads.get("p:b");
        reads.clear();
        held.last("clear").answer(null);
        reads.get("p:b");
        assertThat(held.count("get p:b")).isEqualTo(2);
    }

    @Test
    void aGetOlderThanTheMaximumAgeIsNotJoined() {
        reads.get("p:a");
        nanos.addAndGet(Duration.ofMillis(99).toNanos());
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
        // the newer GET is the one joined from now on, and the old one still answers its own readers
        reads.get("p:a");
        assertThat(held.count("get p:a")).isEqualTo(2);
    }

    @Test
    void aGetThatThrowsReleasesTheKey() {
        PageStore throwing = new HeldStore() {
            private int calls;

            @Override
            public CompletionStage<byte[]> get(String key) {
                if (calls++ == 0) {
                    throw new IllegalStateException("client shut down");
                }
                return super.get(key);
            }
        };
        SharedReads over = new SharedReads(throwing, Duration.ofMillis(100), nanos::get, new LongAdder());
        try {
            over.get("p:a");
        } catch (IllegalStateException expected) {
            // the caller sees what the store threw
        }
        CompletionStage<byte[]> next = over.get("p:a");
        assertThat(next.toCompletableFuture()).isNotDone();
        assertThat(((HeldStore) throwing).count("get p:a")).isEqualTo(1);
    }

    @Test
    void everyOtherCallPassesThrough() {
        reads.getAll(List.of("f:1"));
        reads.tryLease("l:a", "t", TTL);
        reads.releaseLease("l:a", "t");
        // the fake's getAll is the interface's default, one get per key: sent to the store, not through get
        assertThat(held.calls).extracting(HeldStore.Call::what)
                .containsExactly("get f:1", "lease l:a", "release l:a");
        assertThat(reads.describe()).isEqualTo("held");
    }

    @Test
    void onlyTheRedisStoreIsWrapped() {
        InMemoryPageStore memory = new InMemoryPageStore(1 << 20);
        assertThat(SharedReads.around(memory, Duration.ofMillis(100), new LongAdder())).isSameAs(memory);
        assertThat(SharedReads.around(held, Duration.ofMillis(100), new LongAdder())).isSameAs(held);
    }
}
