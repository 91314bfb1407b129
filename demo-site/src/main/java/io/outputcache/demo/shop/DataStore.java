package io.outputcache.demo.shop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few key-value operations the shop's data cache and carts need, over strings only (no Java serialisation).
 * {@link RedisDataStore} is the real one; {@link MemoryDataStore} keeps the demo running when no Redis can be had.
 * When the store cannot be reached in time, {@link RedisDataStore} throws {@link DataStoreUnavailableException};
 * callers decide what that costs (the product repository asks the database, the cart answers 503).
 */
public interface DataStore extends AutoCloseable {

    /** The hashes under these keys, in order; an absent key gives an empty map. One round trip. */
    List<Map<String, String>> getHashes(List<String> keys);

    /**
     * The field of every data-cache hash that holds its version: an absent key is at version 0, and
     * {@link #invalidate} raises it.
     */
    String VERSION = "ver";

    /**
     * Replaces the hash under each key and sets its time to live, but only where the key is still at the version
     * the new hash carries in its {@link #VERSION} field (the version its reader saw). So a node that read the
     * database before another node's invalidation cannot put back what that invalidation removed, which would
     * otherwise stay wrong on every node until the TTL. One round trip.
     */
    void putHashes(Map<String, Map<String, String>> hashes, Duration ttl);

    /** Replaces each key by a tombstone: a hash of only {@link #VERSION}, one higher than before, with the TTL. */
    void invalidate(List<String> keys, Duration ttl);

    /** Reads a whole hash and extends its time to live (a sliding expiry), in one step. */
    Map<String, String> getHashAndTouch(String key, Duration ttl);

    /** Adds delta to a numeric hash field, removes the field when it drops to zero or below, and extends the TTL. */
    long incrementField(String key, String field, long delta, Duration ttl);

    /** Removes one field of a hash. */
    void removeField(String key, String field);

    void delete(List<String> keys);

    /**
     * The string under the key; when there is none, {@code value} is stored first (without a TTL) and returned. In
     * one step, so that several nodes starting at once agree on the first value written.
     */
    String getOrSet(String key, String value);

    /** What this store is, for the start-up line. */
    String describe();

    /** Whether the store is answering, for {@code /_stats}: {@code up}, {@code down} or {@code probing}. */
    String state();

    @Override
    void close();
}
