package io.outputcache.testing;

import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real store and counts the calls the filter makes to it, so that a test can prove that the filter sent
 * nothing (circuit breaker open) or exactly one call (half-open probe).
 */
public final class CountingPageStore implements PageStore {
    private final PageStore delegate;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong getAlls = new AtomicLong();
    private final AtomicLong getAllKeys = new AtomicLong();
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong releases = new AtomicLong();

    public CountingPageStore(PageStore delegate) {
        this.delegate = delegate;
    }

    /** Every call made so far, of any kind. */
    public long calls() {
        return calls.get();
    }

    public long gets() {
        return gets.get();
    }

    /** Multi-key reads ({@link #getAll}) so far: each is one store call, however many keys it asks for. */
    public long getAlls() {
        return getAlls.get();
    }

    /** Keys asked for by every {@link #getAll} so far. */
    public long getAllKeys() {
        return getAllKeys.get();
    }

    /** Read calls of either kind ({@link #get} and {@link #getAll}): the read round trips the filter asked for. */
    public long reads() {
        return gets.get() + getAlls.get();
    }

    /** Lease attempts ({@code SET NX}) so far. */
    public long leaseAttempts() {
        return leases.get();
    }

    /** Lease releases so far. */
    public long releases() {
        return releases.get();
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        calls.incrementAndGet();
        gets.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        calls.incrementAndGet();
        getAlls.incrementAndGet();
        getAllKeys.addAndGet(keys.size());
        return delegate.getAll(keys);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        calls.incrementAndGet();
        return delegate.put(key, value, ttl, tags);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        calls.incrementAndGet();
        return delegate.delete(key);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        calls.incrementAndGet();
        return delegate.invalidateTag(tag);
    }

    @Override
    public CompletionStage<Void> clear() {
        calls.incrementAndGet();
        return delegate.clear();
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        calls.incrementAndGet();
        leases.incrementAndGet();
        return delegate.tryLease(key, token, ttl);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        calls.incrementAndGet();
        releases.incrementAndGet();
        return delegate.releaseLease(key, token);
    }

    @Override
    public String describe() {
        return "counting " + delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
