package io.outputcache.demo.shop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The I/O shell around {@link Breaker}: every call to the Redis data store goes through {@link #call}, which
 * refuses at once while the breaker is open, waits at most {@code timeout} otherwise, and reports the outcome.
 * What the data cache follows is the output cache's own rule: Redis is an accelerator, so a page never waits
 * for it longer than the database would take to answer.
 */
final class StoreGuard {
    private final Breaker breaker;
    private final Duration timeout;
    private final Clock clock;

    StoreGuard(Breaker breaker, Duration timeout, Clock clock) {
        this.breaker = breaker;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Starts the call (unless the breaker is open) and waits for its answer.
     *
     * @throws DataStoreUnavailableException when the breaker is open, or the call fails or runs out of time
     */
    <T> T call(String what, Supplier<? extends CompletionStage<T>> call) {
        if (!breaker.tryAcquire(clock.instant())) {
            throw unavailable(what + ": the data store's breaker is open", null);
        }
        CompletableFuture<T> answer;
        try {
            answer = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            breaker.failed(clock.instant());
            throw unavailable(what + " failed", e);
        }
        try {
            T value = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            breaker.succeeded();
            return value;
        } catch (TimeoutException e) {
            // Not cancelled: Redisson ends the command itself (answer, error or its own timeout) and frees its
            // buffers then. The request goes on without it.
            breaker.failed(clock.instant());
            throw unavailable(what + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            breaker.failed(clock.instant());
            throw unavailable(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Reported as a failure all the same: a probe that reported nothing would keep the breaker half-open.
            breaker.failed(clock.instant());
            throw unavailable(what + " was interrupted", e);
        }
    }

    Breaker.State state() {
        return breaker.state();
    }

    private DataStoreUnavailableException unavailable(String message, Throwable cause) {
        return new DataStoreUnavailableException(message, breaker.untilProbe(clock.instant()), cause);
    }
}
