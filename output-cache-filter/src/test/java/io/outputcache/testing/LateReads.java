package io.outputcache.testing;

import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A real store whose GETs are answered a little late (on another thread), every other call passed on as it is:
 * a loopback Redis may answer before the filter looks, and tests of what happens while a read is in flight
 * need it to be in flight.
 */
public final class LateReads extends ForwardingPageStore {
    private final PageStore real;
    private final Executor late;

    public LateReads(PageStore real, Duration delay) {
        super(real);
        this.real = real;
        this.late = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return real.get(key).thenApplyAsync(value -> value, late);
    }

    @Override
    public CompletionStage<Long> invalidationEpoch() {
        return real.invalidationEpoch();
    }

    @Override
    public CompletionStage<Boolean> put(String key, byte[] value, Duration ttl, Collection<String> tags,
                                        long renderEpoch) {
        return real.put(key, value, ttl, tags, renderEpoch);
    }
}
