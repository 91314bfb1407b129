package io.outputcache.testing;

import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

/**
 * A test fake's base: passes every call a store must implement on to a real store, so that a fake overrides only
 * the calls it is about. It leaves the interface's default methods ({@code getAll}, the epoch calls) as the
 * interface has them, so a test of a default sees the default.
 */
public class ForwardingPageStore implements PageStore {
    protected final PageStore delegate;

    public ForwardingPageStore(PageStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        return delegate.put(key, value, ttl, tags);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        return delegate.invalidateTag(tag);
    }

    @Override
    public CompletionStage<Void> clear() {
        return delegate.clear();
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        return delegate.tryLease(key, token, ttl);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        return delegate.releaseLease(key, token);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
