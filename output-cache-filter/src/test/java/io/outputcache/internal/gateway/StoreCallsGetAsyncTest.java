package io.outputcache.internal.gateway;

import io.outputcache.internal.stats.Counters;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import io.outputcache.testing.ForwardingPageStore;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StoreCalls#getAsync}: a read nobody blocks on, with the bounds and accounting of a waited one. */
class StoreCallsGetAsyncTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Counters counters = new Counters();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 2, Duration.ofSeconds(5), (from, to) -> { });
    private final InMemoryPageStore memory = new InMemoryPageStore(1 << 20);
    private final CompletableFuture<byte[]> reply = new CompletableFuture<>();

    private StoreCalls calls(PageStore store) {
        return StoreCalls.of(store, breaker, TIMEOUT, counters,
                new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1)));
    }

    /** The store's GETs answer when the test says. */
    private PageStore pending() {
        return new ForwardingPageStore(memory) {
            @Override
            public CompletionStage<byte[]> get(String key) {
                return reply;
            }
        };
    }

    @Test
    void aReadAnsweredWithoutIoIsCompleteAtOnce() {
        memory.put("p:a", "A".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1), List.of());
        CompletableFuture<StoreCalls.Lookup> read = calls(memory).getAsync("p:a", new StoreBudget(TIMEOUT));
        assertThat(read).isCompletedWithValueMatching(l -> l instanceof StoreCalls.Found);
    }

    @Test
    void aReadInFlightCompletesWithTheAnswerAndSpendsTheWaitFromTheBudget() throws Exception {
        StoreBudget budget = new StoreBudget(TIMEOUT);
        CompletableFuture<StoreCalls.Lookup> read = calls(pending()).getAsync("p:a", budget);
        assertThat(read).isNotDone();
        Thread.sleep(20);
        reply.complete(null);
        assertThat(read.get(1, TimeUnit.SECONDS)).isInstanceOf(StoreCalls.Absent.class);
        assertThat(budget.leftNanos()).isLessThanOrEqualTo(TIMEOUT.minusMillis(20).toNanos());
    }

    @Test
    void aReadUnansweredInStoreTimeoutIsUnavailableAndCountsAnError() throws Exception {
        long start = System.nanoTime();
        StoreCalls.Lookup lookup = calls(pending()).getAsync("p:a", new StoreBudget(TIMEOUT)).get(2, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(lookup).isInstanceOf(StoreCalls.Unavailable.class);
        assertThat(tookMillis).isBetween(TIMEOUT.toMillis() - 5, TIMEOUT.toMillis() + 500);
        assertThat(counters.storeErrors.sum()).isEqualTo(1);
    }

    @Test
    void aReadThatOnlyRanOutOfTheRequestsBudgetGivesNoVerdictOnTheStore() throws Exception {
        StoreCalls.Lookup lookup = calls(pending()).getAsync("p:a", new StoreBudget(Duration.ofMillis(30)))
                .get(2, TimeUnit.SECONDS);
        assertThat(lookup).isInstanceOf(StoreCalls.Unavailable.class);
        assertThat(counters.storeErrors.sum()).isZero();
    }

    @Test
    void anOpenBreakerAnswersUnavailableAtOnceWithoutAStoreCall() throws Exception {
        StoreCalls calls = calls(pending());
        calls.getAsync("p:a", new StoreBudget(TIMEOUT)).get(2, TimeUnit.SECONDS);
        calls.getAsync("p:b", new StoreBudget(TIMEOUT)).get(2, TimeUnit.SECONDS);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(calls.getAsync("p:c", new StoreBudget(TIMEOUT)))
                .isCompletedWithValueMatching(l -> l instanceof StoreCalls.Unavailable);
    }
}
