package io.outputcache.store;

import io.outputcache.OutputCacheConfig;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Redis store, through Redisson with {@link ByteArrayCodec}: values are the filter's own bytes, never
 * Java-serialised objects.
 *
 * <pre>
 * {prefix}:p:&lt;hash&gt;   pages          {prefix}:f:&lt;hash&gt;   fragments     {prefix}:s:&lt;hash&gt;   shadow-mode pages
 * {prefix}:t:&lt;tag&gt;    tag index (a set of entry keys)      {prefix}:l:&lt;hash&gt;   render leases
 * </pre>
 * The read path of a hit is one GET. Every key written expires: entries and leases with their own TTL, a tag index
 * with the longest TTL of its members. Every command touches one key (or a script one key), so the store works on
 * Redis Cluster without hash tags; deleting many keys goes through Redisson, which groups them by slot.
 */
public final class RedisPageStore implements PageStore {

    /** Adds a member to a tag set and extends the set's TTL to cover it (never shortens it). */
    private static final String TAG_ADD =
            "redis.call('SADD', KEYS[1], ARGV[1]) "
            + "local ttl = redis.call('PTTL', KEYS[1]) "
            + "if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
            + "return 1";

    /** Reads and removes a tag set in one step, so that members added meanwhile are not lost or half-removed. */
    private static final String TAG_TAKE =
            "local members = redis.call('SMEMBERS', KEYS[1]) "
            + "redis.call('DEL', KEYS[1]) "
            + "return members";

    /** The kinds of key this store writes under its prefix: pages, fragments, tag indexes, leases. */
    private static final List<String> KINDS = List.of("p", "s", "f", "t", "l");

    private final RedissonClient client;
    private final String prefix;
    private final boolean ownsClient;
    private final String description;

    /**
     * Connects with the filter's Redis settings ({@code redis-url}, mode, credentials, timeouts): no retries,
     * a response timeout equal to {@code store-timeout}, and lazy connection so that the application starts
     * while Redis is down.
     */
    public static RedisPageStore connect(OutputCacheConfig config) {
        return new RedisPageStore(RedisConnections.client(config.redis(), config.storeTimeout()), config.keyPrefix(),
                true, RedisConnections.describe(config.redis(), config.keyPrefix()));
    }

    /** Uses a client the application owns; {@link #close()} leaves it running. */
    public RedisPageStore(RedissonClient client, String keyPrefix) {
        this(client, keyPrefix, false, "redis prefix=" + keyPrefix);
    }

    RedisPageStore(RedissonClient client, String keyPrefix, boolean ownsClient, String description) {
        this.client = client;
        this.prefix = keyPrefix + ":";
        this.ownsClient = ownsClient;
        this.description = description;
    }

    /** The client this store talks through; the near cache's invalidation channel shares it. */
    public RedissonClient redisson() {
        return client;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return client.<byte[]>getBucket(prefix + key, ByteArrayCodec.INSTANCE).getAsync();
    }

    /**
     * One {@code MGET}. On a cluster Redisson groups the keys by master and slot and sends each master one
     * pipelined batch of one {@code MGET} per slot, all masters at once: one round trip in time, and never a
     * command whose keys span slots (CROSSSLOT).
     */
    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String[] full = keys.stream().distinct().map(k -> prefix + k).toArray(String[]::new);
        return client.getBuckets(ByteArrayCodec.INSTANCE).<byte[]>getAsync(full).thenApply(values -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            values.forEach((fullKey, value) -> {
                if (value != null && fullKey.startsWith(prefix)) {
                    found.put(fullKey.substring(prefix.length()), value);
                }
            });
            return found;
        });
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        String fullKey = prefix + key;
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(client.<byte[]>getBucket(fullKey, ByteArrayCodec.INSTANCE).setAsync(value, ttl).toCompletableFuture());
        RScript script = client.getScript(StringCodec.INSTANCE);
        for (String tag : tags) {
            String tagKey = prefix + "t:" + tag;
            writes.add(script.evalAsync(tagKey, RScript.Mode.READ_WRITE, TAG_ADD, RScript.ReturnType.LONG,
                    List.of(tagKey), fullKey, Long.toString(ttl.toMillis())).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return client.getKeys().unlinkAsync(prefix + key).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        String tagKey = prefix + "t:" + tag;
        return client.getScript(StringCodec.INSTANCE)
                .<List<Object>>evalAsync(tagKey, RScript.Mode.READ_WRITE, TAG_TAKE, RScript.ReturnType.LIST,
                        List.of(tagKey))
                .thenCompose(members -> {
                    if (members == null || members.isEmpty()) {
                        return CompletableFuture.completedFuture(0L);
                    }
                    String[] keys = members.stream().map(Object::toString).toArray(String[]::new);
                    return client.getKeys().unlinkAsync(keys);
                });
    }

    @Override
    public CompletionStage<Void> clear() {
        // Only the kinds of key the cache writes: an application that shares the prefix keeps its own keys.
        List<CompletableFuture<Long>> deletes = new ArrayList<>();
        for (String kind : KINDS) {
            deletes.add(client.getKeys().unlinkByPatternAsync(prefix + kind + ":*").toCompletableFuture());
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        return client.<String>getBucket(prefix + key, StringCodec.INSTANCE).setIfAbsentAsync(token, ttl);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        // compare-and-set to null deletes only if this token still holds the lease
        return client.<String>getBucket(prefix + key, StringCodec.INSTANCE).compareAndSetAsync(token, null)
                .thenApply(released -> null);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown();
        }
    }
}
