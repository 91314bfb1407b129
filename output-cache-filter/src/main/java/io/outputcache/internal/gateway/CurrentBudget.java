package io.outputcache.internal.gateway;

import java.time.Duration;

/**
 * The store budget of the request this thread is serving, so that the fragment cache (called from templates,
 * without the request in hand) spends from the same budget as the page lookup, lease and write: a request that
 * meets a stalled store waits out store-timeout once in all, however many cached fragments its page has.
 * Opened by the engine around each request it handles; absent elsewhere.
 */
public final class CurrentBudget {
    private static final ThreadLocal<StoreBudget> CURRENT = new ThreadLocal<>();

    private CurrentBudget() {
    }

    /**
     * Makes {@code budget} the budget of the request on this thread: a new one when the request arrives, or one
     * already spent from (a request resumed on another thread after an asynchronous read); returns the previous
     * one, to be restored by {@link #close}.
     */
    public static StoreBudget enter(StoreBudget budget) {
        StoreBudget previous = CURRENT.get();
        CURRENT.set(budget);
        return previous;
    }

    public static void close(StoreBudget previous) {
        // A null value rather than remove(): the thread's entry stays for its next request, so that request's get
        // and set find it instead of making it again (and sweeping the map's stale slots) every time. A null value
        // holds nothing, the same as no entry.
        CURRENT.set(previous);
    }

    /** The current budget, or a fresh one of {@code total} outside a filtered request. */
    public static StoreBudget currentOr(Duration total) {
        StoreBudget budget = CURRENT.get();
        return budget != null ? budget : new StoreBudget(total);
    }
}
