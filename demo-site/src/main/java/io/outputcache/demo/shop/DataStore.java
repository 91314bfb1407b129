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

    /** Replaces the hash under each key and sets its time to live. One round trip. */
    void putHashes(Map<String, Map<String, String>> hashes, Duration ttl);

    /** Reads a whole hash and extends its time to live (a sliding expiry), in one step. */
    Map<String, String> getHashAndTouch(String key, Duration ttl);

    /** Adds delta to a numeric hash field, removes the field when it drops to zero or below, and extends the TTL. */
    long incrementField(String key, String field, long delta, Duration ttl);

    /** Removes one field of a hash. */
    void removeField(String key, String field);

    /** The string under the key, or null. */
    String get(String key);

    void set(String key, String value, Duration ttl);

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
