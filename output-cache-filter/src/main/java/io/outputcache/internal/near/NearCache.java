package io.outputcache.internal.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.outputcache.internal.entry.EntryCodec;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies of store entries in this JVM, bounded by bytes, each kept no longer than the stale-until time written in
 * its bytes (so never past the freshness and grace of the Redis entry it copies).
 *
 * <p>Only replies of store reads fill it ({@link #fill}), and a fill races every invalidation: a read sent before
 * an invalidation may answer after it with the old value. So every drop bumps a generation first, and a fill that
 * began under an older generation does not stay. While the cache is {@linkplain #disable disabled} (the channel
 * that carries invalidations is lost) it is empty and nothing fills it.
 */
final class NearCache {

    /** One copy: the bytes as stored, and what {@link EntryCodec#peek} read of them. */
    record Copy(byte[] value, long staleUntilMillis, Set<String> tags) {
    }

    /** Rough per-entry overhead (Caffeine node, record, array headers) added to the weight. */
    private static final int OVERHEAD = 96;

    private final Cache<String, Copy> copies;
    private final Clock clock;
    private final long maxBytes;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean enabled;

    NearCache(long maxBytes, Clock clock) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.copies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Copy c) -> (int) Math.min(Integer.MAX_VALUE,
                        2L * key.length() + c.value().length + OVERHEAD))
                .expireAfter(new Expiry<String, Copy>() {
                    @Override
                    public long expireAfterCreate(String key, Copy c, long now) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, c.staleUntilMillis() - clock.millis()));
                    }

                    @Override
                    public long expireAfterUpdate(String key, Copy c, long now, long current) {
                        return expireAfterCreate(key, c, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Copy c, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /** The generation to hand to {@link #fill} when a store read is sent. */
    long generation() {
        return generation.get();
    }

    boolean enabled() {
        return enabled;
    }

    /** The copy's bytes, or {@code null}; a copy past its stale-until time is dropped, whatever Caffeine did yet. */
    byte[] get(String key) {
        Copy c = copies.getIfPresent(key);
        if (c == null) {
            return null;
        }
        if (c.staleUntilMillis() <= clock.millis()) {
            copies.asMap().remove(key, c);
            return null;
        }
        return c.value();
    }

    /**
     * Keeps a copy of what a store read answered, unless the cache is disabled, the bytes are not an entry, the
     * entry is past its stale-until time, or an invalidation came after the read was sent ({@code sentAt}).
     * Returns whether the copy stays.
     */
    boolean fill(String key, byte[] value, long sentAt) {
        if (value == null || !enabled || generation.get() != sentAt) {
            return false;
        }
        Optional<EntryCodec.Peek> peek = EntryCodec.peek(value);
        if (peek.isEmpty() || peek.get().staleUntilMillis() <= clock.millis()) {
            return false;
        }
        Copy copy = new Copy(value, peek.get().staleUntilMillis(), peek.get().tags());
        copies.put(key, copy);
        // An invalidation between the check above and the put bumped the generation before removing: either its
        // removal saw this copy, or this check sees its bump.
        if (!enabled || generation.get() != sentAt) {
            copies.asMap().remove(key, copy);
            return false;
        }
        return true;
    }

    /** Drops these keys (a put, a delete, or the members of a tag another store reported). */
    void dropKeys(Collection<String> keys) {
        generation.incrementAndGet();
        copies.invalidateAll(keys);
    }

    /** Drops every copy that carries the tag. */
    void dropTag(String tag) {
        generation.incrementAndGet();
        copies.asMap().values().removeIf(c -> c.tags().contains(tag));
    }

    /** Drops everything (a clear, or a gap in the invalidations). */
    void dropAll() {
        generation.incrementAndGet();
        copies.invalidateAll();
    }

    /** Empties the cache and keeps it empty until {@link #enable()}: invalidations are not arriving. */
    void disable() {
        enabled = false;
        dropAll();
    }

    /** Invalidations flow again: starts from empty, since some may have been missed meanwhile. */
    void enable() {
        dropAll();
        enabled = true;
    }

    long entries() {
        return copies.estimatedSize();
    }

    /** Bytes held, as weighed for the bound. */
    long weightedBytes() {
        return copies.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Runs pending evictions now (Caffeine evicts asynchronously); for tests. */
    void cleanUp() {
        copies.cleanUp();
    }
}
