package io.outputcache.internal.reads;

import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Single-flight reads in front of a remote store: a {@link #get} of a key that has a GET in flight on this node
 * joins it instead of sending its own, so that a hot page read by many requests at once costs Redis (and the
 * client's connection pool, and its event loop's hand-over to a waiting thread) one GET per round trip instead of
 * one per request.
 *
 * <p>What a shared read may answer: the reply of a GET sent at most {@code maxAge} earlier and still unanswered
 * when this read began, never one sent before a write, delete, tag invalidation or clear that this node finished
 * before the read began ({@link ReadStamps}: each bumps a generation before and after its store call, and a read
 * joins only a GET sent under the generation it sees). Writes of other nodes are not known here: a read may
 * share a GET that another node's write overtook, as a read of its own sent a moment earlier would.
 *
 * <p>{@code getAll} (fragments) and every other call pass through as they are.
 */
public final class SharedReads implements PageStore {

    /** A GET in flight: the stamp it was sent under, when, and its reply. */
    private record Flight(long stamp, long sentNanos, CompletableFuture<byte[]> reply) {
    }

    private final PageStore store;
    private final ReadStamps stamps = new ReadStamps();
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final LongAdder shared;

    SharedReads(PageStore store, Duration maxAge, LongSupplier nanoTime, LongAdder shared) {
        this.store = store;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.shared = shared;
    }

    /**
     * {@code store} with shared reads when it is the Redis store (a store given in code, or the memory store
     * whose reads complete at once, is left as it is). A GET older than {@code maxAge} is not joined: a reply that
     * slow is likely lost, and a new read should not wait on it.
     *
     * @param shared counts the reads that joined a GET in flight instead of sending their own
     */
    public static PageStore around(PageStore store, Duration maxAge, LongAdder shared) {
        return store instanceof RedisPageStore ? new SharedReads(store, maxAge, System::nanoTime, shared) : store;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        long stamp = stamps.stamp(key);
        long now = nanoTime.getAsLong();
        Flight mine = null;
        while (true) {
            Flight current = flights.get(key);
            if (current != null && current.stamp() == stamp && now - current.sentNanos() < maxAgeNanos) {
                shared.increment();
                // A view, so that no caller can complete or cancel the reply the others wait for.
                return current.reply().minimalCompletionStage();
            }
            if (mine == null) {
                mine = new Flight(stamp, now, new CompletableFuture<>());
            }
            // Registered before the GET is sent, so that whoever joins it joins a GET not yet sent or in flight.
            if (current == null ? flights.putIfAbsent(key, mine) == null : flights.replace(key, current, mine)) {
                break;
            }
        }
        Flight sent = mine;
        CompletionStage<byte[]> reply;
        try {
            reply = store.get(key);
        } catch (RuntimeException e) {
            flights.remove(key, sent);
            sent.reply().completeExceptionally(e);
            throw e;
        }
        reply.whenComplete((value, error) -> {
            flights.remove(key, sent);
            if (error == null) {
                sent.reply().complete(value);
            } else {
                sent.reply().completeExceptionally(error);
            }
        });
        return sent.reply().minimalCompletionStage();
    }

    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        return store.getAll(keys);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        return writing(key, () -> store.put(key, value, ttl, tags));
    }

    @Override
    public CompletionStage<Boolean> put(String key, byte[] value, Duration ttl, Collection<String> tags,
                                        long renderEpoch) {
        return writing(key, () -> store.put(key, value, ttl, tags, renderEpoch));
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return writing(key, () -> store.delete(key));
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        return everything(() -> store.invalidateTag(tag));
    }

    @Override
    public CompletionStage<Void> clear() {
        return everything(store::clear);
    }

    @Override
    public CompletionStage<Long> invalidationEpoch() {
        return store.invalidationEpoch();
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
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * Bumps before the call (a read begun after it must not join a GET sent before) and once it is done, before
     * the caller hears of it (a GET sent while it ran may have read the old value).
     */
    private <T> CompletionStage<T> writing(String key, Supplier<CompletionStage<T>> write) {
        stamps.bumpKey(key);
        return write.get().whenComplete((result, error) -> stamps.bumpKey(key));
    }

    private <T> CompletionStage<T> everything(Supplier<CompletionStage<T>> invalidation) {
        stamps.bumpAll();
        return invalidation.get().whenComplete((result, error) -> stamps.bumpAll());
    }
}
