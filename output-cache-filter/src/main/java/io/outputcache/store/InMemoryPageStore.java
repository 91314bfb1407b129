package io.outputcache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in this JVM only, bounded by the bytes it holds (Caffeine, weighed by value size). For a single node,
 * tests and demos; pages are not shared between nodes and leases only coordinate this node. Needs Caffeine on the
 * classpath ({@code com.github.ben-manes.caffeine:caffeine}).
 */
public final class InMemoryPageStore implements PageStore {

    private record Entry(byte[] value, long ttlNanos, Set<String> tags) {
    }

    private record Lease(String token, long expiresAtNanos) {
    }

    private final Cache<String, Entry> entries;
    private final ConcurrentHashMap<String, Set<String>> tagIndex = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final long maxBytes;

    public InMemoryPageStore(long maxBytes) {
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry e) -> key.length() * 2 + e.value().length + 64)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long now) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long now, long current) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long now, long current) {
                        return current;
                    }
                })
                .removalListener((String key, Entry e, RemovalCause cause) -> {
                    if (key != null && e != null) {
                        // Runs later, on another thread: by then the key may hold a new entry under the same tag
                        // (a replacement, or a put after a delete), which must stay findable by that tag.
                        e.tags().forEach(tag -> tagIndex.computeIfPresent(tag, (t, keys) -> {
                            if (!storedUnder(key, tag)) {
                                keys.remove(key);
                            }
                            return keys.isEmpty() ? null : keys;
                        }));
                    }
                })
                .build();
    }

    private boolean storedUnder(String key, String tag) {
        Entry now = entries.getIfPresent(key);
        return now != null && now.tags().contains(tag);
    }

    /** A store holding at most 64 MiB. */
    public InMemoryPageStore() {
        this(64L * 1024 * 1024);
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        Entry e = entries.getIfPresent(key);
        return CompletableFuture.completedFuture(e == null ? null : e.value());
    }

    @Override
    public CompletionStage<Map<String, byte[]>> getAll(List<String> keys) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String key : keys) {
            Entry e = entries.getIfPresent(key);
            if (e != null) {
                found.put(key, e.value());
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl, Collection<String> tags) {
        Set<String> tagSet = Set.copyOf(tags);
        // The entry first, then the index: a late removal listener of an older entry sees this one and keeps it.
        entries.put(key, new Entry(value, ttl.toNanos(), tagSet));
        for (String tag : tagSet) {
            tagIndex.compute(tag, (t, keys) -> {
                Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
                set.add(key);
                return set;
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        entries.invalidate(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> invalidateTag(String tag) {
        Set<String> keys = tagIndex.remove(tag);
        if (keys == null) {
            return CompletableFuture.completedFuture(0L);
        }
        long removed = 0;
        for (String key : keys) {
            // only an entry still stored under this tag (the key may have been stored again without it)
            boolean[] hit = {false};
            entries.asMap().computeIfPresent(key, (k, e) -> {
                hit[0] = e.tags().contains(tag);
                return hit[0] ? null : e;
            });
            if (hit[0]) {
                removed++;
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public CompletionStage<Void> clear() {
        entries.invalidateAll();
        tagIndex.clear();
        leases.clear();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> tryLease(String key, String token, Duration ttl) {
        long now = System.nanoTime();
        Lease mine = new Lease(token, now + ttl.toNanos());
        Lease held = leases.compute(key, (k, current) ->
                current == null || current.expiresAtNanos() - now <= 0 ? mine : current);
        return CompletableFuture.completedFuture(held == mine);
    }

    @Override
    public CompletionStage<Void> releaseLease(String key, String token) {
        leases.computeIfPresent(key, (k, current) -> current.token().equals(token) ? null : current);
        return CompletableFuture.completedFuture(null);
    }

    /** Runs pending evictions now (Caffeine evicts asynchronously); for tests and diagnostics. */
    void entriesCleanUp() {
        entries.cleanUp();
    }

    /** Bytes held now, as weighed for the bound. */
    long weightedSize() {
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public String describe() {
        return "memory max=" + maxBytes + "B";
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }
}
