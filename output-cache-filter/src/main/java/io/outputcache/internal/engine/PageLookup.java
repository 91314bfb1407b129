package io.outputcache.internal.engine;

import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.key.VariantIndex;

import java.util.List;
import java.util.Optional;

/**
 * Finds the page for a request's key: one GET; when the value is a variant index (HTTP mode, the origin sent
 * {@code Vary}), one more for the variant the request's values select (RFC 9111 §4.1). Decoding and the
 * corrupt-entry rule are {@link EntryLookup}'s, shared with fragments.
 */
final class PageLookup {
    private final StoreCalls calls;
    private final EntryLookup entries;

    PageLookup(StoreCalls calls, EntryLookup entries) {
        this.calls = calls;
        this.entries = entries;
    }

    EntryLookup.Stored find(CacheKey key, PageSpace space, RequestFacts facts, StoreBudget budget) {
        String storeKey = space.of(key);
        StoreCalls.Lookup lookup = calls.get(storeKey, budget);
        if (lookup instanceof StoreCalls.Unavailable) {
            return EntryLookup.Stored.UNAVAILABLE;
        }
        if (!(lookup instanceof StoreCalls.Found found)) {
            return EntryLookup.Stored.ABSENT;
        }
        Optional<List<String>> varyNames = VariantIndex.decode(found.value());
        if (varyNames.isEmpty()) {
            return new EntryLookup.Stored(entries.decode(found.value(), storeKey, key.canonical(), budget), true);
        }
        CacheKey variant = VariantIndex.secondary(key, varyNames.get(), facts.headers());
        // The primary key answered: a variant the store does not give us now is a miss, not an outage.
        return new EntryLookup.Stored(entries.find(space.of(variant), variant.canonical(), budget).page(), true);
    }
}
