package io.outputcache.internal.gateway;

import io.outputcache.internal.stats.Counters;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import io.outputcache.testing.CountingPageStore;
import io.outputcache.testing.ForwardingPageStore;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StoreCalls#getAll}: one store call for many keys, with the same bounds as one read. */
class StoreCallsGetAllTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Counters counters = new Counters();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 2, Duration.ofSeconds(5), (from, to) -> { });
    private final InMemoryPageStore memory = new InMemoryPageStore(1 << 20);

    private StoreCalls calls(PageStore store) {
        return StoreCalls.of(store, breaker, TIMEOUT, counters,
                new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1)));
    }

    private static StoreBudget budget() {
        return new StoreBudget(TIMEOUT);
    }

    private void put(String key, String value) {
        memory.put(key, value.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1), List.of());
    }

    @Test
    void everyKeyAskedIsFoundOrAbsentAfterOneStoreCall() {
        put("f:a", "A");
        put("f:c", "C");
        CountingPageStore counting = new CountingPageStore(memory);

        Map<String, StoreCalls.Lookup> answers = calls(counting).getAll(List.of("f:a", "f:b", "f:c"), budget());

        assertThat(answers).containsOnlyKeys("f:a", "f:b", "f:c");
        assertThat(answers.get("f:a")).isInstanceOfSatisfying(StoreCalls.Found.class,
                f -> assertThat(f.value()).isEqualTo("A".getBytes(StandardCharsets.UTF_8)));
        assertThat(answers.get("f:b")).isInstanceOf(StoreCalls.Absent.class);
        assertThat(answers.get("f:c")).isInstanceOf(StoreCalls.Found.class);
        assertThat(counting.getAlls()).isEqualTo(1);
        assertThat(counting.gets()).isZero();
    }

    @Test
    void aFailedCallLeavesEveryKeyUnavailableAndCountsOneError() {
        StoreCalls calls = calls(new ReadsFail(memory,
                () -> CompletableFuture.failedFuture(new IllegalStateException("down"))));

        Map<String, StoreCalls.Lookup> answers = calls.getAll(List.of("f:a", "f:b", "f:c"), budget());

        assertThat(answers.values()).hasSize(3)
                .allSatisfy(a -> assertThat(a).isInstanceOf(StoreCalls.Unavailable.class));
        assertThat(counters.storeErrors.sum()).isEqualTo(1);
    }

    @Test
    void aStoreThatDoesNotAnswerCostsTheTimeoutOnceAndFeedsTheBreaker() {
        StoreCalls calls = calls(new ReadsFail(memory, CompletableFuture::new));
        long start = System.nanoTime();

        Map<String, StoreCalls.Lookup> answers = calls.getAll(List.of("f:a", "f:b"), budget());

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(answers.values()).allSatisfy(a -> assertThat(a).isInstanceOf(StoreCalls.Unavailable.class));
        assertThat(tookMs).isBetween(TIMEOUT.toMillis() - 20, TIMEOUT.toMillis() + 500);
        assertThat(counters.storeErrors.sum()).isEqualTo(1);
    }

    @Test
    void whileTheBreakerIsOpenNothingIsSent() {
        breaker.tryAcquire();
        breaker.onFailure();
        breaker.tryAcquire();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        CountingPageStore counting = new CountingPageStore(memory);

        Map<String, StoreCalls.Lookup> answers = calls(counting).getAll(List.of("f:a", "f:b"), budget());

        assertThat(answers.values()).allSatisfy(a -> assertThat(a).isInstanceOf(StoreCalls.Unavailable.class));
        assertThat(counting.calls()).isZero();
    }

    @Test
    void aRequestWhoseBudgetIsSpentSendsNothing() {
        CountingPageStore counting = new CountingPageStore(memory);
        StoreBudget spent = budget();
        spent.spend(TIMEOUT.toNanos());

        Map<String, StoreCalls.Lookup> answers = calls(counting).getAll(List.of("f:a"), spent);

        assertThat(answers.get("f:a")).isInstanceOf(StoreCalls.Unavailable.class);
        assertThat(counting.calls()).isZero();
        assertThat(counters.storeErrors.sum()).as("no verdict on the store").isZero();
    }

    /** A store whose reads answer with {@code reads}; everything else goes to a real in-memory store. */
    private static final class ReadsFail extends ForwardingPageStore {
        private final Supplier<CompletableFuture<Map<String, byte[]>>> reads;

        ReadsFail(PageStore delegate, Supplier<CompletableFuture<Map<String, byte[]>>> reads) {
            super(delegate);
            this.reads = reads;
        }

        @Override
        public CompletionStage<byte[]> get(String key) {
            return reads.get().thenApply(m -> m.get(key));
        }

        @Override
        public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
            return reads.get();
        }

        @Override
        public String describe() {
            return "reads fail";
        }
    }
}
