package io.outputcache.internal.reads;

import io.outputcache.store.PageStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A fake store whose every call stays pending until the test completes it: the order of events is the test's. */
class HeldStore implements PageStore {
    /** One call sent to the store: what it was, and its pending reply. */
    record Call(String what, CompletableFuture<Object> reply) {
        void answer(Object value) {
            reply.complete(value);
        }
    }

    final List<Call> calls = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private synchronized <T> CompletionStage<T> held(String what) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        calls.add(new Call(what, reply));
        return (CompletionStage<T>) reply;
    }

    synchronized long count(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).count();
    }

    /** The last call sent of this kind. */
    synchronized Call last(String what) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).what().equals(what)) {
                return calls.get(i);
            }
        }
        throw new AssertionError("no " + what + " in " + calls);
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return held("get " + key);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        return held("put " + key);
    }

    @Override
    public CompletionStage<Boolean> put(String key, byte[] value, Duration ttl, Collection<String> tags,
                                        long renderEpoch) {
        return held("checked-put " + key);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return held("delete " + key);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        return held("invalidate " + tag);
    }

    @Override
    public CompletionStage<Void> clear() {
        return held("clear");
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        return held("lease " + key);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        return held("release " + key);
    }

    @Override
    public String describe() {
        return "held";
    }

    @Override
    public void close() {
    }
}
