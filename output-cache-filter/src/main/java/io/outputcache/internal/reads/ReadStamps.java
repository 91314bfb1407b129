package io.outputcache.internal.reads;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Generations that tell a read whether a GET in flight is still one it may share: every write or invalidation
 * this node makes bumps one before and after its store call, and a read only shares a GET sent under the stamp it
 * sees itself. A key's write bumps the stripe of its key (one of 64, by hash), so that the page writes of a busy
 * site do not stop every other key's reads from sharing; a tag invalidation or a clear, whose keys are not known
 * here, bumps the global generation. The same scheme as the near cache's, for the same race.
 */
final class ReadStamps {
    private static final int STRIPES = 64;

    private final AtomicLong generation = new AtomicLong();
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

    /** The global and the key's generation, now. */
    long stamp(String key) {
        return generation.get() << 32 | (stripes.get(stripe(key)) & 0xffffffffL);
    }

    /** A write or delete of the key: reads sent before it are not shared any more. */
    void bumpKey(String key) {
        stripes.incrementAndGet(stripe(key));
    }

    /** A tag invalidation or a clear: no read sent before it is shared any more. */
    void bumpAll() {
        generation.incrementAndGet();
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
