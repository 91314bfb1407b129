package io.outputcache.internal.gateway;

import io.outputcache.OutputCacheException;
import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Operator calls on the store (invalidate, clear, warm-up). Unlike request-path calls they are not bounded by
 * store-timeout and not skipped by the breaker, and a failure is thrown ({@link OutputCacheException}): an
 * operator must learn that a purge did not happen. Warm-up is the exception: it never fails a start.
 */
public final class StoreAdmin {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final PageStore store;

    public StoreAdmin(PageStore store) {
        this.store = store;
    }

    /** Removes every page under the tag; the number removed. */
    public long invalidateTag(String tag) {
        return call("invalidate tag", () -> store.invalidateTag(tag));
    }

    /** Removes everything this cache stored. */
    public void clear() {
        call("clear", store::clear);
    }

    /**
     * Opens the store's connections and waits for them at most {@code wait}, so the first requests do not pay for
     * connecting, while an application whose store is down still starts (it renders uncached until the store is up).
     */
    public void warmUp(String probeKey, Duration wait) {
        try {
            store.get(probeKey).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Not reachable yet: the breaker and the logs take it from here.
        }
    }

    private <T> T call(String operation, Supplier<CompletionStage<T>> call) {
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
}
