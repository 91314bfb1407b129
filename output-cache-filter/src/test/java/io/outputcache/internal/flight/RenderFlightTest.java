package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.gateway.CircuitBreaker;
import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.gateway.ThrottledLog;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.stats.Counters;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import io.outputcache.testing.CountingPageStore;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flight protocol against the in-memory store with a fixed clock: who renders, who waits, who is served, and
 * that no lease is ever left behind.
 */
class RenderFlightTest {
    private static final Duration COALESCE_WAIT = Duration.ofMillis(300);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final Counters counters = new Counters();
    private final CountingPageStore store = new CountingPageStore(new InMemoryPageStore(1 << 20));
    private final RenderFlight flight = flightOn(store);
    private final CacheKey key = CacheKey.of("v1 canonical /p", "/p");
    private final CachedPage page = new CachedPage(key.canonical(), 200, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0, "",
            HeaderMap.empty(), false, new byte[] {1}, 1, Set.of());

    private RenderFlight flightOn(PageStore on) {
        CircuitBreaker breaker = new CircuitBreaker(clock, 5, Duration.ofSeconds(1), (from, to) -> { });
        ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1));
        StoreCalls calls = StoreCalls.of(on, breaker, Duration.ofMillis(500), counters, log);
        return new RenderFlight(calls, counters, COALESCE_WAIT, Duration.ofSeconds(10));
    }

    private static StoreBudget budget() {
        return new StoreBudget(Duration.ofSeconds(1));
    }

    private static RenderFlight.Look nothingStored() {
        return b -> new EntryLookup.Stored(Optional.empty(), true);
    }

    private boolean leaseFreeForOthers() {
        String probe = "probe";
        boolean free = store.tryLease(key.leaseKey(), probe, Duration.ofSeconds(10)).toCompletableFuture().join();
        if (free) {
            store.releaseLease(key.leaseKey(), probe).toCompletableFuture().join();
        }
        return free;
    }

    @AfterEach
    void noLeaseLeftBehind() {
        assertThat(flight.leasesHeld()).as("leases this node still holds").isZero();
        assertThat(flight.inFlight()).as("local flights still open").isZero();
    }

    @Test
    void aRenderTurnCarriesTheInvalidationEpochReadBeforeIt() {
        store.invalidateTag("t").toCompletableFuture().join();
        long now = store.invalidationEpoch().toCompletableFuture().join();
        try (Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored())) {
            assertThat(lead.renderEpoch()).hasValue(now);
        }
        store.invalidateTag("t").toCompletableFuture().join();
        try (Turn.Render refresh = (Turn.Render) flight.refresh(key, budget())) {
            assertThat(refresh.renderEpoch()).hasValue(now + 1);
        }
        try (Turn.Render unshared = flight.unshared(budget())) {
            assertThat(unshared.renderEpoch()).hasValue(now + 1);
        }
    }

    @Test
    void aRenderWhoseLookupTheStoreDidNotAnswerHasNoEpochAndSoStoresNothing() {
        try (Turn.Render alone = (Turn.Render) flight.enter(key, budget(), false, nothingStored())) {
            assertThat(alone).isInstanceOf(Alone.class);
            assertThat(alone.renderEpoch()).isEmpty();
        }
    }

    @Test
    void theFirstRequestLeadsWithTheLeaseAndReleasesItOnClose() {
        Turn turn = flight.enter(key, budget(), true, nothingStored());
        assertThat(turn).isInstanceOf(Lead.class);
        assertThat(leaseFreeForOthers()).as("another node finds the lease held").isFalse();
        ((Turn.Render) turn).close();
        assertThat(leaseFreeForOthers()).isTrue();
    }

    @Test
    void aSecondRequestFollowsAndIsServedTheLeadersPage() throws Exception {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        CompletableFuture<Turn> follower = CompletableFuture.supplyAsync(
                () -> flight.enter(key, budget(), true, nothingStored()));
        Thread.sleep(50);
        assertThat(follower).isNotDone();
        lead.landed(Optional.of(page), CompletableFuture.completedFuture(null));
        assertThat(follower.get(1, TimeUnit.SECONDS)).isEqualTo(new Turn.Followed(page));
        assertThat(counters.coalescedWaits.sum()).isEqualTo(1);
        lead.close();
    }

    @Test
    void aFollowerWhoseLeaderSharesNothingInTimeRendersAlone() throws Exception {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        Turn follower = CompletableFuture.supplyAsync(() -> flight.enter(key, budget(), true, nothingStored()))
                .get(2, TimeUnit.SECONDS);
        assertThat(follower).isInstanceOf(Alone.class);
        assertThat(counters.coalesceTimeouts.sum()).isEqualTo(1);
        ((Turn.Render) follower).close();
        lead.close();
    }

    @Test
    void aLeaseHeldByAnotherNodeIsWaitedOutAndItsPageServed() {
        store.tryLease(key.leaseKey(), "other-node", Duration.ofSeconds(10)).toCompletableFuture().join();
        AtomicInteger looks = new AtomicInteger();
        RenderFlight.Look appearsOnThirdLook = b -> new EntryLookup.Stored(
                looks.incrementAndGet() >= 3 ? Optional.of(page) : Optional.empty(), true);
        Turn turn = flight.enter(key, budget(), true, appearsOnThirdLook);
        assertThat(turn).isEqualTo(new Turn.Served(page));
        assertThat(counters.leaseWaits.sum()).isEqualTo(1);
        store.releaseLease(key.leaseKey(), "other-node").toCompletableFuture().join();
    }

    @Test
    void aLeaseReleasedByAnotherNodeWithoutAPageIsTakenOver() {
        store.tryLease(key.leaseKey(), "other-node", Duration.ofSeconds(10)).toCompletableFuture().join();
        CompletableFuture.delayedExecutor(40, TimeUnit.MILLISECONDS).execute(
                () -> store.releaseLease(key.leaseKey(), "other-node"));
        Turn turn = flight.enter(key, budget(), true, nothingStored());
        assertThat(turn).isInstanceOf(Lead.class);
        ((Turn.Render) turn).close();
    }

    @Test
    void theWaitForAnotherNodeEndsAfterTheCoalesceWaitAndRendersWithoutTheLease() {
        store.tryLease(key.leaseKey(), "other-node", Duration.ofSeconds(10)).toCompletableFuture().join();
        long start = System.nanoTime();
        Turn turn = flight.enter(key, budget(), true, nothingStored());
        assertThat(turn).isInstanceOf(Alone.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(COALESCE_WAIT);
        assertThat(counters.coalesceTimeouts.sum()).isEqualTo(1);
        ((Turn.Render) turn).close();
        assertThat(leaseFreeForOthers()).as("the other node's lease is not ours to release").isFalse();
        store.releaseLease(key.leaseKey(), "other-node").toCompletableFuture().join();
    }

    @Test
    void aPageStoredBetweenLookupAndLeaseIsServedNotRenderedAgain() {
        Turn turn = flight.enter(key, budget(), true, b -> new EntryLookup.Stored(Optional.of(page), true));
        assertThat(turn).isEqualTo(new Turn.Served(page));
        assertThat(leaseFreeForOthers()).isTrue();
    }

    @Test
    void whenTheLookupGotNoAnswerNoLeaseIsTried() {
        Turn turn = flight.enter(key, budget(), false, nothingStored());
        assertThat(turn).isInstanceOf(Alone.class);
        assertThat(store.leaseAttempts()).isZero();
        ((Turn.Render) turn).close();
    }

    @Test
    void aStoreThatIsDownLeavesTheRequestToRenderAlone() {
        RenderFlight down = flightOn(new RefusingStore());
        Turn turn = down.enter(key, budget(), true, nothingStored());
        assertThat(turn).isInstanceOf(Alone.class);
        ((Turn.Render) turn).close();
        assertThat(down.leasesHeld()).isZero();
        assertThat(down.inFlight()).isZero();
    }

    @Test
    void closingTwiceReleasesTheLeaseOnce() {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        lead.landed(Optional.of(page), CompletableFuture.completedFuture(null));
        lead.close();
        lead.close();
        assertThat(store.releases()).isEqualTo(1);
    }

    @Test
    void theLeaseIsReleasedOnlyOnceThePageWriteIsDone() {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        CompletableFuture<Void> written = new CompletableFuture<>();
        lead.landed(Optional.of(page), written);
        lead.close();
        assertThat(leaseFreeForOthers()).as("released before the page is in the store").isFalse();
        written.complete(null);
        assertThat(leaseFreeForOthers()).isTrue();
    }

    @Test
    void aRequestMeetingItsOwnFinishedRendersLeaseWaitsOnlyItsBudget() {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        CompletableFuture<Void> written = new CompletableFuture<>();
        lead.landed(Optional.empty(), written);
        long start = System.nanoTime();
        Turn next = flight.enter(key, new StoreBudget(Duration.ofMillis(50)), true, nothingStored());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COALESCE_WAIT);
        assertThat(next).isInstanceOf(Alone.class);
        ((Turn.Render) next).close();
        written.complete(null);
        lead.close();
    }

    @Test
    void aRefreshIsBusyWhileThisNodeRendersTheKey() {
        Turn.Render lead = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        assertThat(flight.refresh(key, budget())).isInstanceOf(Turn.Busy.class);
        lead.close();
    }

    @Test
    void aRefreshIsBusyWhileAnotherNodeHoldsTheLease() {
        store.tryLease(key.leaseKey(), "other-node", Duration.ofSeconds(10)).toCompletableFuture().join();
        assertThat(flight.refresh(key, budget())).isInstanceOf(Turn.Busy.class);
        store.releaseLease(key.leaseKey(), "other-node").toCompletableFuture().join();
    }

    @Test
    void aRefreshLeadsWhenNobodyElseRenders() {
        Turn turn = flight.refresh(key, budget());
        assertThat(turn).isInstanceOf(Lead.class);
        ((Turn.Render) turn).close();
        assertThat(leaseFreeForOthers()).isTrue();
    }

    @Test
    void shutdownReleasesALeaseStillRendering() {
        Turn.Render stillRendering = (Turn.Render) flight.enter(key, budget(), true, nothingStored());
        flight.releaseAll(Duration.ofSeconds(1));
        assertThat(leaseFreeForOthers()).isTrue();
        assertThat(flight.leasesHeld()).isZero();
        stillRendering.close(); // the render ends after the stop: nothing is left to release
    }

    /** A store whose every call fails as a refused connection does. */
    private static final class RefusingStore implements PageStore {
        private static <T> CompletionStage<T> refused() {
            return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
        }

        @Override
        public CompletionStage<byte[]> get(String key) {
            return refused();
        }

        @Override
        public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
            return refused();
        }

        @Override
        public CompletionStage<Void> delete(String key) {
            return refused();
        }

        @Override
        public CompletionStage<Long> invalidateTag(String tag) {
            return refused();
        }

        @Override
        public CompletionStage<Void> clear() {
            return refused();
        }

        @Override
        public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
            return refused();
        }

        @Override
        public CompletionStage<Void> releaseLease(String key, String token) {
            return refused();
        }

        @Override
        public String describe() {
            return "refusing";
        }

        @Override
        public void close() {
        }
    }
}
