package io.outputcache.internal.engine;

import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.key.VariantIndex;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the page for a request's key: one GET; when the value is a variant index (HTTP mode, the origin sent
 * {@code Vary}), one more for the variant the request's values select (RFC 9111 §4.1). Decoding and the
 * corrupt-entry rule are {@link EntryLookup}'s, shared with fragments. The first GET may also be started without
 * waiting ({@link #start}) and its answer resolved later, on whatever thread ({@link #resolve}).
 */
final class PageLookup {
    private final StoreCalls calls;
    private final EntryLookup entries;

    PageLookup(StoreCalls calls, EntryLookup entries) {
        this.calls = calls;
        this.entries = entries;
    }

    EntryLookup.Stored find(CacheKey key, PageSpace space, RequestFacts facts, StoreBudget budget) {
        return resolve(key, space, facts, calls.get(space.of(key), budget), budget);
    }

    /** Starts the first GET of {@link #find} without waiting for it. */
    CompletableFuture<StoreCalls.Lookup> start(CacheKey key, PageSpace space, StoreBudget budget) {
        return calls.getAsync(space.of(key), budget);
    }

    /** What {@link #find} finds, given the answer of its first GET. */
    EntryLookup.Stored resolve(CacheKey key, PageSpace space, RequestFacts facts, StoreCalls.Lookup first,
                               StoreBudget budget) {
        Optional<EntryLookup.Stored> direct = resolveDirect(key, space, first, budget);
        if (direct.isPresent()) {
            return direct.get();
        }
        byte[] index = ((StoreCalls.Found) first).value();
        CacheKey variant = VariantIndex.secondary(key, VariantIndex.decode(index).orElseThrow(), facts.headers());
        // The primary key answered: a variant the store does not give us now is a miss, not an outage.
        return new EntryLookup.Stored(entries.find(space.of(variant), variant.canonical(), budget).page(), true);
    }

    /**
     * What the first GET's answer says without another read: empty when it is a variant index (the page is
     * under a second key). A corrupt value is a miss (and deleted) here already.
     */
    Optional<EntryLookup.Stored> resolveDirect(CacheKey key, PageSpace space, StoreCalls.Lookup first,
                                               StoreBudget budget) {
        if (first instanceof StoreCalls.Unavailable) {
            return Optional.of(EntryLookup.Stored.UNAVAILABLE);
        }
        if (!(first instanceof StoreCalls.Found found)) {
            return Optional.of(EntryLookup.Stored.ABSENT);
        }
        Optional<List<String>> varyNames = VariantIndex.decode(found.value());
        if (varyNames.isPresent()) {
            return Optional.empty();
        }
        String storeKey = space.of(key);
        return Optional.of(new EntryLookup.Stored(entries.decode(found.value(), storeKey, key.canonical(), budget),
                true));
    }
}
