package io.outputcache.internal.near;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.DecodedMemo;
import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The near cache in front of a shared store: a read it can answer makes no store call (a completed stage); every
 * other read goes to the store and, when the channel is healthy, leaves a copy. Pages, shadow pages and fragments
 * all pass through it, since it is the store the engine holds.
 *
 * <p>It never fills on a write: the bytes a node writes are not necessarily what the store keeps (a write may
 * be undone by a concurrent invalidation), while a read's reply is. Every write and invalidation drops the local
 * copies before and after the store call (a read between the two would otherwise copy the old value) and tells
 * every node over the channel; invalidations wait for that message to be sent, a page write does not.
 *
 * <p>As a {@link DecodedMemo} it hands out the page each copy was decoded into, for the copy's own bytes only.
 */
final class NearCachedPageStore implements PageStore, DecodedMemo {
    private final PageStore store;
    private final NearCache cache;
    private final InvalidationChannel channel;
    private final LongAdder nearHits;

    NearCachedPageStore(PageStore store, NearCache cache, InvalidationChannel channel, LongAdder nearHits) {
        this.store = store;
        this.cache = cache;
        this.channel = channel;
        this.nearHits = nearHits;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        byte[] copy = cache.get(key);
        if (copy != null) {
            nearHits.increment();
            return CompletableFuture.completedFuture(copy);
        }
        long sentAt = cache.stamp(key);
        return store.get(key).thenApply(value -> {
            cache.fill(key, value, sentAt);
            return value;
        });
    }

    @Override
    public CachedPage recall(String storeKey, byte[] value) {
        return cache.decoded(storeKey, value);
    }

    /** Copies answer what they can; the rest is one call to the store. Present keys only, as the store answers. */
    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String key : keys) {
            byte[] copy = cache.get(key);
            if (copy != null) {
                nearHits.increment();
                found.put(key, copy);
            } else {
                rest.add(key);
            }
        }
        if (rest.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        Map<String, Long> sentAt = new HashMap<>();
        rest.forEach(key -> sentAt.put(key, cache.stamp(key)));
        return store.getAll(rest).thenApply(values -> {
            values.forEach((key, value) -> {
                Long stamp = sentAt.get(key);
                if (stamp != null) {
                    cache.fill(key, value, stamp);
                }
                found.put(key, value);
            });
            return found;
        });
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        return replacing(key, () -> store.put(key, value, ttl, tags));
    }

    /** The checked put of a render: the same drops and announcement, whether the store kept the entry or withdrew it. */
    @Override
    public CompletionStage<Boolean> put(String key, byte[] value, Duration ttl, Collection<String> tags,
                                        long renderEpoch) {
        return replacing(key, () -> store.put(key, value, ttl, tags, renderEpoch));
    }

    /** A page write: drops the local copy before and after it; other nodes drop theirs, nobody waits for that. */
    private <T> CompletionStage<T> replacing(String key, Supplier<CompletionStage<T>> write) {
        List<String> keys = List.of(key);
        cache.dropKeys(keys);
        return write.get().whenComplete((result, e) -> {
            cache.dropKeys(keys);
            try {
                channel.publishKeys(keys);
            } catch (RuntimeException publishFailed) {
                // the client is shutting down: the other nodes' channels go quiet and empty their copies
            }
        });
    }

    @Override
    public CompletionStage<Long> invalidationEpoch() {
        return store.invalidationEpoch();
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        List<String> keys = List.of(key);
        cache.dropKeys(keys);
        return after(store.delete(key), () -> {
            cache.dropKeys(keys);
            return channel.publishKeys(keys);
        });
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        cache.dropTag(tag);
        return after(store.invalidateTag(tag), () -> {
            cache.dropTag(tag);
            return channel.publishTag(tag);
        });
    }

    @Override
    public CompletionStage<Void> clear() {
        cache.dropAll();
        return after(store.clear(), () -> {
            cache.dropAll();
            return channel.publishAll();
        });
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        return store.tryLease(key, token, ttl);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        return store.releaseLease(key, token);
    }

    @Override
    public String describe() {
        return store.describe() + " + near cache max=" + cache.maxBytes() + "B";
    }

    /** Closes the channel first: the store's client may be shut down with the store. */
    @Override
    public void close() {
        channel.close();
        store.close();
    }

    /**
     * The store call's result once the message that tells the other nodes has been sent too (whether the call
     * succeeded or not: a failed invalidation may still have removed some keys).
     */
    private static <T> CompletionStage<T> after(CompletionStage<T> call,
                                                Supplier<CompletionStage<Void>> tell) {
        CompletableFuture<T> done = new CompletableFuture<>();
        call.whenComplete((result, error) -> {
            CompletionStage<Void> told;
            try {
                told = tell.get();
            } catch (RuntimeException e) {
                told = CompletableFuture.failedFuture(e);
            }
            told.whenComplete((n, tellError) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else if (tellError != null) {
                    done.completeExceptionally(tellError);
                } else {
                    done.complete(result);
                }
            });
        });
        return done;
    }
}
