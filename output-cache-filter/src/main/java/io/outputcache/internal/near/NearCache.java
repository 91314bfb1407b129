package io.outputcache.internal.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.entry.IdentityBody;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Copies of store entries in this JVM, bounded by bytes, each kept no longer than the stale-until time written in
 * its bytes (so never past the freshness and grace of the Redis entry it copies).
 *
 * <p>Only replies of store reads fill it ({@link #fill}), and a fill races every invalidation: a read sent before
 * an invalidation may answer after it with the old value. So every drop bumps a generation first, and a fill whose
 * read was sent under an older one does not stay. Dropping keys bumps the generation of their stripe (one of 64,
 * by key hash), so that the page writes of a busy site do not refuse every fill; dropping a tag or everything
 * bumps the global one. A {@link #stamp} is both, taken when the read is sent. While the cache is
 * {@linkplain #disable disabled} (the channel that carries invalidations is lost) it is empty and nothing fills it.
 */
final class NearCache {

    /**
     * One copy: the bytes as stored, and the page decoded from them once, when the copy was made (whose identity
     * bytes, once a client without gzip asked for them, are kept with it too).
     */
    record Copy(byte[] value, CachedPage page) {
        long staleUntilMillis() {
            return page.staleUntilMillis();
        }

        Set<String> tags() {
            return page.tags();
        }

        /** What the copy holds: the stored bytes, the decoded page (about as much again) and kept identity bytes. */
        long weight(String key) {
            return 2L * key.length() + 2L * value.length + page.identity().keptLength() + OVERHEAD;
        }
    }

    /**
     * Rough per-entry overhead (Caffeine node, the copy, the decoded page's objects, array headers) added to the
     * weight.
     */
    static final int OVERHEAD = 400;

    private final Cache<String, Copy> copies;
    private final Clock clock;
    private final long maxBytes;
    private static final int STRIPES = 64;

    private final AtomicLong generation = new AtomicLong();
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private volatile boolean enabled;

    NearCache(long maxBytes, Clock clock) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.copies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Copy c) -> (int) Math.min(Integer.MAX_VALUE, c.weight(key)))
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

    /** What to hand to {@link #fill} for a read of {@code key} sent now: the global and the key's generation. */
    long stamp(String key) {
        return generation.get() << 32 | (stripes.get(stripe(key)) & 0xffffffffL);
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
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
            remove(key, c.value());
            return null;
        }
        return c.value();
    }

    /** The page decoded from the copy under {@code key} when {@code value} is that copy's very array, else null. */
    CachedPage decoded(String key, byte[] value) {
        // Asked right after get() found the copy: quietly, the access is recorded already (and this is a hit's path).
        Copy c = copies.policy().getIfPresentQuietly(key);
        return c != null && c.value() == value ? c.page() : null;
    }

    /**
     * Keeps a copy of what a store read answered, unless the cache is disabled, the bytes are not an entry, the
     * entry is past its stale-until time, or an invalidation came after the read was sent ({@code sentAt}).
     * Returns whether the copy stays.
     */
    boolean fill(String key, byte[] value, long sentAt) {
        if (value == null || !enabled || stamp(key) != sentAt) {
            return false;
        }
        // Decoded here, once per copy (the request that read it finds the page made): every hit on the copy then
        // skips the decode and its CRC. A value that does not decode (a variant index, a corrupt entry) stays out.
        Optional<CachedPage> page = EntryCodec.decode(value);
        if (page.isEmpty() || page.get().staleUntilMillis() <= clock.millis()) {
            return false;
        }
        IdentityBody identity = IdentityBody.keptOnce(new Reweigh(key, value));
        copies.put(key, new Copy(value, page.get().withIdentity(identity)));
        // An invalidation between the check above and the put bumped a generation before removing: either its
        // removal saw this copy, or this check sees its bump.
        if (!enabled || stamp(key) != sentAt) {
            remove(key, value);
            return false;
        }
        return true;
    }

    /** Removes the copy under {@code key} if it is still the one made of {@code value}. */
    private void remove(String key, byte[] value) {
        copies.asMap().computeIfPresent(key, (k, c) -> c.value() == value ? null : c);
    }

    /**
     * Counts a copy's identity bytes once they are kept: the copy is written again (a new record of the same
     * parts), so that Caffeine weighs it again, and only if it is still the copy of those bytes.
     */
    private final class Reweigh implements Runnable {
        private final String key;
        private final byte[] value;

        Reweigh(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public void run() {
            copies.asMap().computeIfPresent(key, (k, c) -> c.value() == value ? new Copy(c.value(), c.page()) : c);
        }
    }

    /** Drops these keys (a put, a delete, or the members of a tag another store reported). */
    void dropKeys(Collection<String> keys) {
        for (String key : keys) {
            stripes.incrementAndGet(stripe(key));
        }
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
