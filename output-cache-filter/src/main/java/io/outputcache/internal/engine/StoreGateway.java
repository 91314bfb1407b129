package io.outputcache.internal.engine;

import io.outputcache.OutputCacheException;
import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every call the request path makes to the store goes through here: bounded by a timeout, refused while the
 * circuit breaker is open, and turned into "unavailable" instead of an exception. A store failure therefore
 * costs a render, never a request. Administrative calls (invalidate, clear) wait longer and do throw, because an
 * operator must learn that a purge did not happen.
 */
public final class StoreGateway {

    /** What a read found. */
    public sealed interface Lookup permits Found, Absent, Unavailable {
    }

    public record Found(byte[] value) implements Lookup {
    }

    public record Absent() implements Lookup {
    }

    public record Unavailable() implements Lookup {
    }

    /** What a lease attempt found. */
    public enum LeaseResult {
        ACQUIRED, HELD_ELSEWHERE, UNAVAILABLE
    }

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final PageStore store;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final Duration writeTimeout;
    private final ThrottledLog log;
    private final Counters counters;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Render leases this node holds now (lease key to token), so that shutdown can release them. */
    private final Map<String, String> heldLeases = new ConcurrentHashMap<>();
    /** Lease releases not sent while the breaker was open (lease key to token). */
    private final Map<String, String> strandedReleases = new ConcurrentHashMap<>();
    /** Request threads waiting on the store now; released at once when the breaker opens. */
    private final Set<CompletableFuture<?>> waiters = ConcurrentHashMap.newKeySet();

    /**
     * What {@link #putAsync} returns when the open breaker kept the write from being sent, so that a response does
     * not claim {@code stored} (and the counters do not count a store) for a page that went nowhere.
     */
    public static final CompletableFuture<Void> NOT_SENT = CompletableFuture.completedFuture(null);

    public StoreGateway(PageStore store, CircuitBreaker breaker, Duration timeout, ThrottledLog log, Counters counters) {
        this.store = store;
        this.breaker = breaker;
        this.timeout = timeout;
        // Writes carry whole pages and nobody waits for them; give them more room before calling them failed.
        this.writeTimeout = timeout.multipliedBy(5);
        this.log = log;
        this.counters = counters;
    }

    public Lookup get(String key) {
        return get(key, new StoreBudget(timeout));
    }

    /** A read that waits no longer than what is left of the request's budget (and never beyond store-timeout). */
    public Lookup get(String key, StoreBudget budget) {
        if (budget.exhausted() || !breaker.tryAcquire()) {
            return new Unavailable();
        }
        byte[] value;
        try {
            value = await("get", () -> store.get(key), budget);
        } catch (StoreCallFailed e) {
            return new Unavailable();
        }
        return value == null ? new Absent() : new Found(value);
    }

    /** Stores without making the request wait; the returned stage completes (never exceptionally) when done. */
    public CompletableFuture<Void> putAsync(String key, byte[] value, Duration ttl, Collection<String> tags) {
        if (!breaker.tryAcquire()) {
            return NOT_SENT;
        }
        return background("put", () -> store.put(key, value, ttl, tags));
    }

    public CompletableFuture<Void> deleteAsync(String key) {
        if (!breaker.tryAcquire()) {
            return CompletableFuture.completedFuture(null);
        }
        return background("delete", () -> store.delete(key));
    }

    public LeaseResult tryLease(String key, String token, Duration ttl) {
        return tryLease(key, token, ttl, new StoreBudget(timeout));
    }

    public LeaseResult tryLease(String key, String token, Duration ttl, StoreBudget budget) {
        if (budget.exhausted() || !breaker.tryAcquire()) {
            return LeaseResult.UNAVAILABLE;
        }
        try {
            Boolean won = await("lease", () -> store.tryLease(key, token, ttl), budget);
            if (Boolean.TRUE.equals(won)) {
                heldLeases.put(key, token);
                return LeaseResult.ACQUIRED;
            }
            return LeaseResult.HELD_ELSEWHERE;
        } catch (StoreCallFailed e) {
            // A timed-out SET NX may still have been applied: release with our token so it does not linger.
            try {
                store.releaseLease(key, token);
            } catch (RuntimeException ignored) {
                // the lease expires by itself
            }
            return LeaseResult.UNAVAILABLE;
        }
    }

    /** Releases a lease in the background; a lease that cannot be released expires by itself. */
    public CompletableFuture<Void> releaseLeaseAsync(String key, String token) {
        if (!breaker.tryAcquire()) {
            // Sent once the store answers again: otherwise the lease would hold up other nodes' renders of this
            // page until it expires (render-timeout), long after the outage.
            strandedReleases.put(key, token);
            return CompletableFuture.completedFuture(null);
        }
        // Still "held" until the release is done, so that a shutdown racing with it releases the lease itself.
        CompletableFuture<Void> released = background("release-lease", () -> store.releaseLease(key, token));
        released.whenComplete((ok, error) -> heldLeases.remove(key, token));
        return released;
    }

    /** Sends the lease releases the open breaker held back; called after a call succeeded. */
    private void releaseStranded() {
        if (strandedReleases.isEmpty()) {
            return;
        }
        for (String key : strandedReleases.keySet()) {
            String token = strandedReleases.remove(key);
            if (token != null) {
                background("release-lease", () -> store.releaseLease(key, token))
                        .whenComplete((ok, error) -> heldLeases.remove(key, token));
            }
        }
    }

    /**
     * Remembers background work that is not a store call yet (e.g. a lease release waiting for its page write),
     * so that {@link #drain} waits for it too.
     */
    public <T> CompletableFuture<T> track(CompletableFuture<T> work) {
        pending.add(work);
        work.whenComplete((ok, error) -> pending.remove(work));
        return work;
    }

    /**
     * Waits (at most {@code max}) for background writes and lease releases to finish: called on shutdown, so that
     * a stopping node does not leave its render leases held until they expire.
     */
    public void drain(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        drainPending(max);
        // A request still rendering while the node shuts down holds its lease past this point: release it now,
        // while the client is still open, rather than leave it to expire after render-timeout.
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        heldLeases.forEach((key, token) -> {
            heldLeases.remove(key, token);
            try {
                releases.add(store.releaseLease(key, token).toCompletableFuture());
            } catch (RuntimeException e) {
                // the lease expires by itself
            }
        });
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the leases expire by themselves
        }
    }

    private void drainPending(Duration max) {
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

    /**
     * Invalidates from the request path (e.g. after an unsafe method): in the background, failures logged. The
     * future completes normally when the invalidation is done, failed or timed out, so a caller may wait on it.
     */
    public CompletableFuture<Void> invalidateTagAsync(String tag) {
        if (breaker.tryAcquire()) {
            return background("invalidate", () -> store.invalidateTag(tag));
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Opens the store's connections in the background and waits for them at most {@code wait}, so the first
     * requests do not pay for connecting, while an application whose store is down still starts.
     */
    public void warmUp(String probeKey, Duration wait) {
        try {
            store.get(probeKey).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Not reachable yet: requests render uncached until it is; the breaker and logs take it from here.
        }
    }

    public long invalidateTag(String tag) {
        return admin("invalidate tag", () -> store.invalidateTag(tag));
    }

    public void clear() {
        admin("clear", store::clear);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Waits for a background write on behalf of a request, spending from its budget; failures are the write's own
     * business (counted where it completes).
     */
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

    private <T> T await(String operation, Supplier<CompletionStage<T>> call, StoreBudget budget) {
        CompletableFuture<T> waiting = new CompletableFuture<>();
        waiters.add(waiting);
        long waitNanos = Math.min(timeout.toNanos(), budget.leftNanos());
        long start = System.nanoTime();
        try {
            call.get().whenComplete((value, error) -> {
                if (error == null) {
                    waiting.complete(value);
                } else {
                    waiting.completeExceptionally(error);
                }
            });
            T result = waiting.get(waitNanos, TimeUnit.NANOSECONDS);
            breaker.onSuccess();
            releaseStranded();
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
                breaker.onSuccess();
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                failed(operation, cause instanceof TimeoutException ? "timed out" : "failed", cause);
            }
            return null;
        }));
    }

    private <T> T admin(String operation, Supplier<CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputCacheException(operation + " was interrupted", e);
        } catch (TimeoutException e) {
            throw new OutputCacheException(operation + " timed out after " + ADMIN_TIMEOUT.toSeconds() + " s on "
                    + store.describe(), e);
        } catch (ExecutionException e) {
            throw new OutputCacheException(operation + " failed on " + store.describe() + ": " + e.getCause(), e.getCause());
        }
    }

    private void failed(String operation, String what, Throwable cause) {
        if (isRefused(cause)) {
            // Nothing listens at the address: no point in the other requests trying too.
            breaker.trip();
        } else {
            breaker.onFailure();
        }
        if (breaker.state() == CircuitBreaker.State.OPEN) {
            // Requests still waiting on the store would each sit out the full timeout for an answer that will
            // not come in time: release them now, so that the outage costs as few requests as possible a wait.
            for (CompletableFuture<?> w : waiters) {
                w.completeExceptionally(BreakerOpened.INSTANCE);
            }
        }
        counters.storeErrors.increment();
        String causeKey = operation + ":" + (cause == null ? "timeout" : rootClass(cause));
        log.error(causeKey, "store " + operation + " " + what + " on " + store.describe()
                + "; serving uncached", cause);
    }

    /** A refused connection: the server is down (not merely slow), which one failure shows as well as five. */
    private static boolean isRefused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String rootClass(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** Completes the waits that are pending when the breaker opens. */
    private static final class BreakerOpened extends RuntimeException {
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
