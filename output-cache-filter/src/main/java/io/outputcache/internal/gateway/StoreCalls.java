package io.outputcache.internal.gateway;

import io.outputcache.internal.stats.Counters;
import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every call the request path makes to the store: bounded by what is left of the request's {@link StoreBudget}
 * (never more than store-timeout), refused while the circuit breaker is open, and turned into "unavailable"
 * instead of an exception, so that a store failure costs a render, never a request. Writes run in the background
 * (bounded by five times store-timeout) and their futures never complete exceptionally. Each answer feeds the
 * breaker; failures go to {@link StoreFailures}.
 */
public final class StoreCalls {

    /** What a read found. */
    public sealed interface Lookup permits Found, Absent, Unavailable {
    }

    /** The store holds this value under the key. */
    public record Found(byte[] value) implements Lookup {
    }

    /** The store answered: nothing under the key. */
    public record Absent() implements Lookup {
    }

    /** No answer in time, or the breaker is open: nothing is known. */
    public record Unavailable() implements Lookup {
    }

    /** What a lease attempt found. */
    public enum LeaseResult {
        ACQUIRED, HELD_ELSEWHERE, UNAVAILABLE
    }

    /**
     * What a write returns when the open breaker kept it from being sent, so that a response does not claim
     * {@code stored} (and the counters do not count a store) for a page that went nowhere.
     */
    public static final CompletableFuture<Void> NOT_SENT = CompletableFuture.completedFuture(null);

    private final PageStore store;
    private final CircuitBreaker breaker;
    private final StoreFailures failures;
    private final Duration timeout;
    private final Duration writeTimeout;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Request threads (and suspended requests) waiting on the store now; released at once when the breaker opens. */
    final Set<CompletableFuture<?>> waiters = ConcurrentHashMap.newKeySet();
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    /** The deadlines of async reads that wait the whole timeout ({@link PendingGet}). */
    final ReadDeadlines deadlines = PendingGet.deadlines();

    public StoreCalls(PageStore store, CircuitBreaker breaker, StoreFailures failures, Duration timeout) {
        this.store = store;
        this.breaker = breaker;
        this.failures = failures;
        this.timeout = timeout;
        // Writes carry whole pages and nobody waits for them; give them more room before calling them failed.
        this.writeTimeout = timeout.multipliedBy(5);
    }

    /** Builds the calls and their failure accounting for one filter's store. */
    public static StoreCalls of(PageStore store, CircuitBreaker breaker, Duration timeout,
                                Counters counters, ThrottledLog log) {
        return new StoreCalls(store, breaker, new StoreFailures(breaker, counters, log, store.describe()), timeout);
    }

    /** The longest a request-path call waits (store-timeout). */
    public Duration timeout() {
        return timeout;
    }

    /** Run after a call succeeded (e.g. to send what the open breaker held back). */
    public void onSuccess(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** A read that waits no longer than what is left of the request's budget. */
    public Lookup get(String key, StoreBudget budget) {
        if (budget.exhausted() || !breaker.tryAcquire()) {
            return new Unavailable();
        }
        try {
            byte[] value = await("get", () -> store.get(key), budget);
            return value == null ? new Absent() : new Found(value);
        } catch (StoreCallFailed e) {
            return new Unavailable();
        }
    }

    /** A read nobody blocks on, bounded and accounted like {@link #get}: see {@link PendingGet}. */
    public CompletableFuture<Lookup> getAsync(String key, StoreBudget budget) {
        if (budget.exhausted() || !breaker.tryAcquire()) {
            return CompletableFuture.completedFuture(new Unavailable());
        }
        return PendingGet.start(this, () -> store.get(key), budget);
    }

    /**
     * Several keys in one store call, waiting no longer than what is left of the request's budget: for every key
     * asked, {@link Found} or {@link Absent}; every key {@link Unavailable} when the call failed, timed out or
     * the breaker is open (a failure feeds the breaker once, like one read).
     */
    public Map<String, Lookup> getAll(List<String> keys, StoreBudget budget) {
        Map<String, Lookup> answers = new HashMap<>();
        Map<String, byte[]> found = null;
        if (!budget.exhausted() && breaker.tryAcquire()) {
            try {
                found = await("get-all", () -> store.getAll(keys), budget);
            } catch (StoreCallFailed e) {
                // counted and logged: every key reads as unavailable below
            }
        }
        for (String key : keys) {
            byte[] value = found == null ? null : found.get(key);
            answers.put(key, found == null ? new Unavailable() : value == null ? new Absent() : new Found(value));
        }
        return answers;
    }

    /**
     * Stores without making the request wait what a render produced, checked against the invalidation epoch read before the render (see
     * {@link PageStore#put(String, byte[], Duration, Collection, long)}): the store withdraws it if one of its tags
     * was invalidated meanwhile. With no epoch known (the store did not answer before the render) nothing is sent:
     * content that may predate an invalidation is not stored. {@link #NOT_SENT} then, and when the breaker is open.
     */
    public CompletableFuture<Void> putAsync(String key, byte[] value, Duration ttl, Collection<String> tags,
                                            OptionalLong renderEpoch) {
        if (renderEpoch.isEmpty() || !breaker.tryAcquire()) {
            return NOT_SENT;
        }
        return background("put", () -> store.put(key, value, ttl, tags, renderEpoch.getAsLong()));
    }

    /**
     * Starts reading the store's invalidation epoch, for a render about to start; awaited with
     * {@link #awaitEpoch}. Sent beside the render lease, so that a miss pays no extra round trip for it. Null when
     * the breaker is open.
     */
    public CompletableFuture<Long> epochAsync() {
        if (!breaker.tryAcquire()) {
            return null;
        }
        try {
            return store.invalidationEpoch().toCompletableFuture();
        } catch (RuntimeException e) {
            failed("epoch", "failed", e);
            return null;
        }
    }

    /**
     * The epoch {@link #epochAsync} started to read, waiting no longer than what is left of the request's budget
     * (an answer already in hand is taken whatever the budget); empty when it is not known.
     */
    public OptionalLong awaitEpoch(CompletableFuture<Long> read, StoreBudget budget) {
        if (read == null) {
            return OptionalLong.empty();
        }
        if (read.isDone() && !read.isCompletedExceptionally()) {
            succeeded();
            Long epoch = read.join();
            return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
        }
        if (budget.exhausted()) {
            return OptionalLong.empty();
        }
        try {
            Long epoch = await("epoch", () -> read, budget);
            return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
        } catch (StoreCallFailed e) {
            return OptionalLong.empty();
        }
    }

    /** Reads the invalidation epoch now, before a render that has no lease call to go beside. */
    public OptionalLong epoch(StoreBudget budget) {
        return budget.exhausted() ? OptionalLong.empty() : awaitEpoch(epochAsync(), budget);
    }

    public CompletableFuture<Void> deleteAsync(String key) {
        if (!breaker.tryAcquire()) {
            return NOT_SENT;
        }
        return background("delete", () -> store.delete(key));
    }

    /** {@code SET NX PX}: whether this token now holds the lease. */
    public LeaseResult tryLease(String key, String token, Duration ttl, StoreBudget budget) {
        if (budget.exhausted() || !breaker.tryAcquire()) {
            return LeaseResult.UNAVAILABLE;
        }
        try {
            return Boolean.TRUE.equals(await("lease", () -> store.tryLease(key, token, ttl), budget))
                    ? LeaseResult.ACQUIRED : LeaseResult.HELD_ELSEWHERE;
        } catch (StoreCallFailed e) {
            // A timed-out SET NX may still have been applied: release with our token so that it does not linger
            // (not awaited, not counted: if it fails too, the lease expires by itself).
            releaseLeaseQuietly(key, token);
            return LeaseResult.UNAVAILABLE;
        }
    }

    /** Releases a lease in the background; {@link #NOT_SENT} when the breaker is open. */
    public CompletableFuture<Void> releaseLeaseAsync(String key, String token) {
        if (!breaker.tryAcquire()) {
            return NOT_SENT;
        }
        return background("release-lease", () -> store.releaseLease(key, token));
    }

    /**
     * Releases a lease whatever the breaker says, without counting a failure (at shutdown, or after a lease call
     * that timed out); a lease not released expires by itself.
     */
    public CompletableFuture<Void> releaseLeaseQuietly(String key, String token) {
        try {
            return store.releaseLease(key, token).toCompletableFuture().handle((ok, error) -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Invalidates a tag from the request path, in the background; completes normally when done or failed. */
    public CompletableFuture<Void> invalidateTagAsync(String tag) {
        if (!breaker.tryAcquire()) {
            return NOT_SENT;
        }
        return background("invalidate", () -> store.invalidateTag(tag));
    }

    /** Waits for a background write on behalf of a request, spending from its budget. */
    public void awaitWrite(CompletableFuture<Void> write, StoreBudget budget) {
        if (budget.exhausted()) {
            return;
        }
        long start = System.nanoTime();
        try {
            write.get(Math.min(timeout.toNanos(), budget.leftNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the write goes on, or failed and was counted, in the background
        } finally {
            budget.spend(System.nanoTime() - start);
        }
    }

    /** Remembers background work that is not a store call yet, so that {@link #drain} waits for it too. */
    public <T> CompletableFuture<T> track(CompletableFuture<T> work) {
        pending.add(work);
        work.whenComplete((ok, error) -> pending.remove(work));
        return work;
    }

    /** Waits at most {@code max} for background writes to finish (at shutdown). */
    public void drain(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return; // failures were logged where they happened; a timeout means we stop waiting
            }
        }
    }

    private <T> T await(String operation, Supplier<CompletionStage<T>> call, StoreBudget budget) {
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            budget.spend(System.nanoTime() - start);
            failed(operation, "failed", e);
            throw new StoreCallFailed();
        }
        CompletableFuture<T> done = Stages.answeredAlready(stage);
        if (done != null) {
            // Answered without I/O (a near cache's copy): nothing to wait for, bound or release.
            succeeded();
            budget.spend(System.nanoTime() - start);
            return done.join();
        }
        CompletableFuture<T> waiting = new CompletableFuture<>();
        long waitNanos = Math.min(timeout.toNanos(), budget.leftNanos());
        try {
            waiting = Stages.relay(stage);
            waiters.add(waiting);
            T result = waiting.get(waitNanos, TimeUnit.NANOSECONDS);
            succeeded();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreCallFailed();
        } catch (TimeoutException e) {
            if (waitNanos < timeout.toNanos()) {
                throw new StoreCallFailed(); // only the rest of this request's budget ran out: no verdict on the store
            }
            failed(operation, "timed out after " + timeout.toMillis() + " ms", null);
            throw new StoreCallFailed();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BreakerOpened) {
                throw new StoreCallFailed(); // another call's failure opened the breaker: stop waiting, render
            }
            failed(operation, "failed", e.getCause());
            throw new StoreCallFailed();
        } catch (RuntimeException e) {
            failed(operation, "failed", e);
            throw new StoreCallFailed();
        } finally {
            waiters.remove(waiting);
            budget.spend(System.nanoTime() - start);
        }
    }

    private CompletableFuture<Void> background(String operation, Supplier<CompletionStage<?>> call) {
        CompletableFuture<?> started;
        try {
            started = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            failed(operation, "failed", e);
            return CompletableFuture.completedFuture(null);
        }
        return track(started.orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((ok, error) -> {
            if (error == null) {
                succeeded();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                failed(operation, cause instanceof TimeoutException ? "timed out" : "failed", cause);
            }
            return null;
        }));
    }

    void succeeded() {
        breaker.onSuccess();
        recoveryListeners.forEach(Runnable::run);
    }

    void failed(String operation, String what, Throwable cause) {
        if (failures.record(operation, what, cause)) {
            // Requests still waiting would each sit out the full timeout for an answer that will not come in time:
            // release them now, so that the outage costs as few requests as possible a wait.
            for (CompletableFuture<?> w : waiters) {
                w.completeExceptionally(BreakerOpened.INSTANCE);
            }
        }
    }

    /** Completes the waits that are pending when the breaker opens. */
    static final class BreakerOpened extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final BreakerOpened INSTANCE = new BreakerOpened();

        private BreakerOpened() {
            super("store circuit breaker opened", null, false, false);
        }
    }

    /** Internal signal that a request-path call did not produce a usable answer; already counted and logged. */
    private static final class StoreCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreCallFailed() {
            super(null, null, false, false);
        }
    }
}
