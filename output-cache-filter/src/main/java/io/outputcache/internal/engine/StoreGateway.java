package io.outputcache.internal.engine;

import io.outputcache.OutputCacheException;
import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.Collection;
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
    /** Background writes not yet finished, so that shutdown can wait for them (leases left held would linger). */
    private final java.util.Set<CompletableFuture<Void>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        if (!breaker.tryAcquire()) {
            return new Unavailable();
        }
        byte[] value;
        try {
            value = await("get", () -> store.get(key));
        } catch (StoreCallFailed e) {
            return new Unavailable();
        }
        return value == null ? new Absent() : new Found(value);
    }

    /** Stores without making the request wait; the returned stage completes (never exceptionally) when done. */
    public CompletableFuture<Void> putAsync(String key, byte[] value, Duration ttl, Collection<String> tags) {
        if (!breaker.tryAcquire()) {
            return CompletableFuture.completedFuture(null);
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
        if (!breaker.tryAcquire()) {
            return LeaseResult.UNAVAILABLE;
        }
        try {
            Boolean won = await("lease", () -> store.tryLease(key, token, ttl));
            return Boolean.TRUE.equals(won) ? LeaseResult.ACQUIRED : LeaseResult.HELD_ELSEWHERE;
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
            return CompletableFuture.completedFuture(null);
        }
        return background("release-lease", () -> store.releaseLease(key, token));
    }

    /**
     * Releases a lease once {@code first} (the write of the page it protected) is done, so that no other node
     * starts a render in between; tracked as one background operation.
     */
    public void releaseLeaseAfter(CompletableFuture<Void> first, String key, String token) {
        CompletableFuture<Void> both = first.thenCompose(ignored -> releaseLeaseAsync(key, token));
        inFlight.add(both);
        both.whenComplete((ok, error) -> inFlight.remove(both));
    }

    /** Invalidates from the request path (e.g. after an unsafe method): in the background, failures logged. */
    public void invalidateTagAsync(String tag) {
        if (breaker.tryAcquire()) {
            background("invalidate", () -> store.invalidateTag(tag));
        }
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

    private <T> T await(String operation, Supplier<CompletionStage<T>> call) {
        try {
            T result = call.get().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            breaker.onSuccess();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreCallFailed();
        } catch (TimeoutException e) {
            failed(operation, "timed out after " + timeout.toMillis() + " ms", null);
            throw new StoreCallFailed();
        } catch (ExecutionException e) {
            failed(operation, "failed", e.getCause());
            throw new StoreCallFailed();
        } catch (RuntimeException e) {
            failed(operation, "failed", e);
            throw new StoreCallFailed();
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
        CompletableFuture<Void> done = started.orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error == null) {
                        breaker.onSuccess();
                    } else {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error;
                        failed(operation, cause instanceof TimeoutException ? "timed out" : "failed", cause);
                    }
                    return null;
                });
        inFlight.add(done);
        done.whenComplete((ok, error) -> inFlight.remove(done));
        return done;
    }

    /** Waits (at most {@code wait}) for background writes and lease releases started so far. */
    public void drain(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return; // failures are already counted and logged; a timeout means the store is not answering
            }
        }
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
        breaker.onFailure();
        counters.storeErrors.increment();
        String causeKey = operation + ":" + (cause == null ? "timeout" : rootClass(cause));
        log.error(causeKey, "store " + operation + " " + what + " on " + store.describe()
                + "; serving uncached", cause);
    }

    private static String rootClass(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** Internal signal that a request-path call did not produce a usable answer; already counted and logged. */
    private static final class StoreCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreCallFailed() {
            super(null, null, false, false);
        }
    }
}
