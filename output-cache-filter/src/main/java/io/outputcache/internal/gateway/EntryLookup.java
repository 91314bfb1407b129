package io.outputcache.internal.gateway;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.DecodedMemo;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.stats.Counters;

import java.util.Optional;

/**
 * Reads one entry (a page or a fragment) from the store: decodes it, checks that it was written for the key
 * asked for (its canonical key; a hash collision or a foreign value is not ours), and deletes what does not pass,
 * so that a corrupt entry is a miss, never an error or garbage. The delete is awaited within the request's
 * budget, so that the same request does not meet the value again after taking the render lease. A value a
 * {@link DecodedMemo} decoded already (a near cache's copy) is not decoded again; the key check still runs.
 */
public final class EntryLookup {

    /** What the store holds for a key, and whether it answered at all. */
    public record Stored(Optional<CachedPage> page, boolean answered) {
        /** The store did not answer. */
        public static final Stored UNAVAILABLE = new Stored(Optional.empty(), false);
        /** The store answered: nothing there. */
        public static final Stored ABSENT = new Stored(Optional.empty(), true);
    }

    private final StoreCalls calls;
    private final Counters counters;
    private final ThrottledLog log;
    private final DecodedMemo memo;

    public EntryLookup(StoreCalls calls, Counters counters, ThrottledLog log) {
        this(calls, counters, log, DecodedMemo.NONE);
    }

    /** @param memo pages already decoded from values read (a near cache's copies), so that they are not again */
    public EntryLookup(StoreCalls calls, Counters counters, ThrottledLog log, DecodedMemo memo) {
        this.calls = calls;
        this.counters = counters;
        this.log = log;
        this.memo = memo;
    }

    /** Reads and decodes the entry under {@code storeKey}, which must have been written for {@code canonical}. */
    public Stored find(String storeKey, String canonical, StoreBudget budget) {
        return stored(calls.get(storeKey, budget), storeKey, canonical, budget);
    }

    /**
     * What a read already made (alone, or among several keys) found under {@code storeKey}: decoded and checked
     * like {@link #find}.
     */
    public Stored stored(StoreCalls.Lookup lookup, String storeKey, String canonical, StoreBudget budget) {
        if (lookup instanceof StoreCalls.Unavailable) {
            return Stored.UNAVAILABLE;
        }
        if (!(lookup instanceof StoreCalls.Found found)) {
            return Stored.ABSENT;
        }
        return new Stored(decode(found.value(), storeKey, canonical, budget), true);
    }

    /** Decodes a value already read from {@code storeKey}; empty (and deleted) when it is not a valid entry for it. */
    public Optional<CachedPage> decode(byte[] value, String storeKey, String canonical, StoreBudget budget) {
        CachedPage decoded = memo.recall(storeKey, value);
        Optional<CachedPage> page = decoded != null ? Optional.of(decoded) : EntryCodec.decode(value);
        if (page.isPresent() && page.get().canonicalKey().equals(canonical)) {
            return page;
        }
        counters.corruptEntries.increment();
        log.warn("corrupt-entry", "dropped an unreadable or foreign value under " + storeKey);
        calls.awaitWrite(calls.deleteAsync(storeKey), budget);
        return Optional.empty();
    }
}
