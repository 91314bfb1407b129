package io.outputcache.internal.gateway;

import java.time.Duration;

/**
 * How long one request may still wait on the store, in all. Each wait spends from it, so a request that meets a
 * stalled store waits out {@code store-timeout} once, not once per call (lookup, lease, write): the issue's
 * promise is that no request waits on the store longer than the store timeout. Used by one request thread.
 */
public final class StoreBudget {
    private long leftNanos;

    public StoreBudget(Duration total) {
        this.leftNanos = total.toNanos();
    }

    public boolean exhausted() {
        return leftNanos <= 0;
    }

    public long leftNanos() {
        return Math.max(0, leftNanos);
    }

    public void spend(long nanos) {
        leftNanos -= nanos;
    }
}
