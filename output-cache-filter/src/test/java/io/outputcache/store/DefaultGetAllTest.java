package io.outputcache.store;

import io.outputcache.testing.ForwardingPageStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PageStore#getAll}'s default, for a store that implements single reads only. */
class DefaultGetAllTest {
    private final InMemoryPageStore memory = new InMemoryPageStore(1 << 20);
    private final AtomicInteger gets = new AtomicInteger();
    private final PageStore singleReads = new SingleReads();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersThePresentKeysWithOneGetPerDistinctKey() {
        memory.put("f:a", bytes("A"), Duration.ofMinutes(1), List.of());
        memory.put("f:c", bytes("C"), Duration.ofMinutes(1), List.of());

        Map<String, byte[]> found = singleReads.getAll(List.of("f:a", "f:b", "f:c", "f:a"))
                .toCompletableFuture().join();

        assertThat(found).containsOnlyKeys("f:a", "f:c");
        assertThat(found.get("f:a")).isEqualTo(bytes("A"));
        assertThat(gets.get()).isEqualTo(3);
    }

    @Test
    void failsWhenAnyReadFails() {
        CompletionStage<Map<String, byte[]>> all = singleReads.getAll(List.of("f:a", "f:broken"));

        assertThatThrownBy(() -> all.toCompletableFuture().join()).hasRootCauseMessage("broken read");
    }

    /** Implements {@link #get} and leaves {@code getAll} to the interface; a key named f:broken fails. */
    private final class SingleReads extends ForwardingPageStore {
        SingleReads() {
            super(memory);
        }

        @Override
        public CompletionStage<byte[]> get(String key) {
            gets.incrementAndGet();
            return key.equals("f:broken") ? CompletableFuture.failedFuture(new IllegalStateException("broken read"))
                    : memory.get(key);
        }

        @Override
        public String describe() {
            return "single reads";
        }
    }
}
