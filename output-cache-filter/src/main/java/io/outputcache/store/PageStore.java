package io.outputcache.store;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where encoded cache entries live: the SPI behind the filter and the fragment cache.
 *
 * <p>Keys handed to a store are relative ({@code p:<hash>} for pages, {@code f:<hash>} for fragments,
 * {@code l:<hash>} for render leases); the store puts its own prefix in front. Values are opaque bytes in the
 * filter's own versioned format: a store never interprets them, and the filter never deserialises Java objects.
 *
 * <p>Every method is asynchronous so that the caller can bound how long it waits: the filter gives each call
 * on the request path a short timeout and treats a failure or a timeout as a miss. Implementations should
 * not retry for long on their own.
 */
public interface PageStore extends AutoCloseable {

    /** The stored bytes, or {@code null} when there is no entry under the key. */
    CompletionStage<byte[]> get(String key);

    /**
     * The stored bytes of several keys, present keys only (an absent key is left out of the map). A store that can
     * should fetch them in one round trip; this default asks {@link #get} for each and waits for them all.
     */
    default CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        List<CompletableFuture<byte[]>> reads = keys.stream().map(k -> get(k).toCompletableFuture()).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                byte[] value = reads.get(i).join();
                if (value != null) {
                    found.put(keys.get(i), value);
                }
            }
            return found;
        });
    }

    /**
     * Stores a value that expires after {@code ttl}, and records the key under each tag so that
     * {@link #invalidateTag(String)} finds it. Every key written, tag indexes included, must expire.
     */
    CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags);

    /** Removes one entry; removing an absent entry is not an error. */
    CompletionStage<Void> delete(String key);

    /** Removes every entry stored under the tag, on every node that shares this store; returns how many. */
    CompletionStage<Long> invalidateTag(String tag);

    /** Removes everything under this store's prefix. */
    CompletionStage<Void> clear();

    /**
     * Takes a render lease: succeeds for exactly one caller until it is released or {@code ttl} passes.
     * Stores shared by several nodes must make this atomic across nodes.
     */
    CompletionStage<Boolean> tryLease(String key, String token, Duration ttl);

    /** Releases a lease if {@code token} still holds it (a lease that expired and was retaken is left alone). */
    CompletionStage<Void> releaseLease(String key, String token);

    /** A short description for logs, e.g. {@code redis 10.0.0.5:6379 prefix=shop}; never credentials. */
    String describe();

    @Override
    void close();
}
