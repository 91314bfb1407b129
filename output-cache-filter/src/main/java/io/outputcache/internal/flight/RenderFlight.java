package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.gateway.StoreCalls.LeaseResult;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.stats.Counters;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One render per key: per node through a single flight (the first request leads, the others follow and get its
 * page), and across nodes through a render lease in the store ({@code SET NX PX} with a token; a node that finds
 * it held waits for the other node's page). A request {@link #enter}s the flight of its key, or tries to
 * {@link #refresh} a page in grace, and gets a {@link Turn}. All lease bookkeeping lives here (see
 * {@link Leases}), including the release of what is still held at shutdown.
 */
public final class RenderFlight {

    /**
     * Looks in the store once more for a page fit to serve (fresh), spending from the given budget; the
     * result's {@code answered} is false when the store did not answer.
     */
    @FunctionalInterface
    public interface Look extends Function<StoreBudget, EntryLookup.Stored> {
    }

    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LONGEST_POLL = Duration.ofMillis(100);

    private final RenderCoalescer<CachedPage> local = new RenderCoalescer<>();
    private final StoreCalls calls;
    private final Leases leases;
    private final Counters counters;
    private final Duration coalesceWait;
    private final Duration renderTimeout;

    /**
     * @param coalesceWait  how long a request waits for another render of its key before it renders itself
     * @param renderTimeout how long a lease holds when its holder never releases it (the node died)
     */
    public RenderFlight(StoreCalls calls, Counters counters, Duration coalesceWait, Duration renderTimeout) {
        this.calls = calls;
        this.leases = new Leases(calls);
        this.counters = counters;
        this.coalesceWait = coalesceWait;
        this.renderTimeout = renderTimeout;
    }

    /**
     * Enters the flight of a key nobody may be served without a render.
     *
     * @param storeAnswered false when the store did not answer this request's lookup: no lease is tried then,
     *                      so that the request waits for the store at most once
     * @param lookAgain     finds a fresh page the other render stored (after a lease wait, or when the lease is won:
     *                      another node may have stored the page between our lookup and our lease)
     */
    public Turn enter(CacheKey key, StoreBudget budget, boolean storeAnswered, Look lookAgain) {
        RenderCoalescer.Membership<CachedPage> membership = local.join(key.hash());
        if (!membership.leader()) {
            return follow(key, membership.flight(), budget);
        }
        String token = UUID.randomUUID().toString();
        // The epoch goes out beside the lease: a render needs both before it starts, in one round trip.
        CompletableFuture<Long> epoch = storeAnswered ? calls.epochAsync() : null;
        LeaseResult lease = storeAnswered ? tryLease(key, token, budget) : LeaseResult.UNAVAILABLE;
        if (lease == LeaseResult.HELD_ELSEWHERE) {
            counters.leaseWaits.increment();
            // Held by this node: its render is done and only the page write is on its way. Wait for that within
            // what is left of this request's budget (the write may be stuck in a store outage).
            Duration wait = leases.heldHere(key.leaseKey()) ? Duration.ofNanos(budget.leftNanos()) : coalesceWait;
            LeaseWait waited = awaitOtherNode(key, token, wait, budget, lookAgain);
            if (waited.page().isPresent()) {
                local.land(key.hash(), membership.flight(), waited.page());
                return new Turn.Served(waited.page().get());
            }
            lease = waited.acquired() ? LeaseResult.ACQUIRED : LeaseResult.UNAVAILABLE;
        }
        if (lease != LeaseResult.ACQUIRED) {
            return new Alone(new Landing(local, key.hash(), membership.flight(), leases, key.leaseKey(), null),
                    calls.awaitEpoch(epoch, budget));
        }
        Landing landing = new Landing(local, key.hash(), membership.flight(), leases, key.leaseKey(), token);
        Optional<CachedPage> landed = lookAgain.apply(budget).page();
        if (landed.isPresent()) {
            landing.land(landed, CompletableFuture.completedFuture(null));
            return new Turn.Served(landed.get());
        }
        return new Lead(landing, calls.awaitEpoch(epoch, budget));
    }

    /**
     * Tries to refresh a page in grace: only one render refreshes it (on this node and across nodes); every other
     * request gets {@link Turn.Busy} and serves the stale copy at once.
     */
    public Turn refresh(CacheKey key, StoreBudget budget) {
        Optional<RenderCoalescer.Flight<CachedPage>> flight = local.tryLead(key.hash());
        if (flight.isEmpty()) {
            return new Turn.Busy();
        }
        String token = UUID.randomUUID().toString();
        CompletableFuture<Long> epoch = calls.epochAsync();
        LeaseResult lease = tryLease(key, token, budget);
        if (lease == LeaseResult.HELD_ELSEWHERE && !leases.heldHere(key.leaseKey())) {
            local.land(key.hash(), flight.get(), Optional.empty());
            return new Turn.Busy();
        }
        // Won, or the store is down, or held by this node's previous render (only its release is on the way).
        String held = lease == LeaseResult.ACQUIRED ? token : null;
        Landing landing = new Landing(local, key.hash(), flight.get(), leases, key.leaseKey(), held);
        OptionalLong renderEpoch = calls.awaitEpoch(epoch, budget);
        return held != null ? new Lead(landing, renderEpoch) : new Alone(landing, renderEpoch);
    }

    /** A render outside any flight (a revalidation: every request asks the origin for itself). */
    public Turn.Render unshared(StoreBudget budget) {
        return new Alone(new Landing(local, null, null, leases, null, null), calls.epoch(budget));
    }

    /** Releases every lease still held (at shutdown), waiting at most {@code max}. */
    public void releaseAll(Duration max) {
        leases.releaseAll(max);
    }

    /** Renders in flight on this node now (for tests and diagnostics). */
    public int inFlight() {
        return local.inFlight();
    }

    int leasesHeld() {
        return leases.count();
    }

    private LeaseResult tryLease(CacheKey key, String token, StoreBudget budget) {
        LeaseResult lease = calls.tryLease(key.leaseKey(), token, renderTimeout, budget);
        if (lease == LeaseResult.ACQUIRED) {
            leases.won(key.leaseKey(), token);
        }
        return lease;
    }

    /** Waits for this node's render of the key; renders itself if that yields nothing shareable in time. */
    private Turn follow(CacheKey key, RenderCoalescer.Flight<CachedPage> flight, StoreBudget budget) {
        counters.coalescedWaits.increment();
        Optional<CachedPage> shared = flight.await(coalesceWait);
        if (shared.isPresent()) {
            return new Turn.Followed(shared.get());
        }
        if (!flight.isDone()) {
            counters.coalesceTimeouts.increment();
        }
        return new Alone(new Landing(local, key.hash(), null, leases, key.leaseKey(), null), calls.epoch(budget));
    }

    /** How a wait for another node's render ended: with its page, with the lease (it was released), or neither. */
    private record LeaseWait(Optional<CachedPage> page, boolean acquired) {
        static final LeaseWait NOTHING = new LeaseWait(Optional.empty(), false);
    }

    /**
     * Another node holds the render lease: poll the store (backing off from 5 ms to 100 ms) until its page appears,
     * the lease is free again (that render failed or stored nothing; we take the lease and render), the wait runs
     * out, or the store stops answering.
     */
    private LeaseWait awaitOtherNode(CacheKey key, String token, Duration wait, StoreBudget budget, Look lookAgain) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = FIRST_POLL.toNanos();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            if (Thread.currentThread().isInterrupted()) {
                return LeaseWait.NOTHING;
            }
            EntryLookup.Stored stored = lookAgain.apply(budget);
            if (!stored.answered()) {
                return LeaseWait.NOTHING;
            }
            if (stored.page().isPresent()) {
                return new LeaseWait(stored.page(), false);
            }
            switch (tryLease(key, token, budget)) {
                case ACQUIRED -> {
                    return new LeaseWait(Optional.empty(), true);
                }
                case UNAVAILABLE -> {
                    return LeaseWait.NOTHING;
                }
                case HELD_ELSEWHERE -> {
                    // still rendering there
                }
            }
            pause = Math.min(pause * 2, LONGEST_POLL.toNanos());
        }
        counters.coalesceTimeouts.increment();
        return LeaseWait.NOTHING;
    }
}
