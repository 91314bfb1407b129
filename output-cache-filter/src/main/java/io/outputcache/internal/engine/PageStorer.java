package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.key.VariantIndex;
import io.outputcache.internal.policy.Personalisation;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.ResponseFacts;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.policy.Storability;
import io.outputcache.internal.policy.StoredHeaders;
import io.outputcache.internal.servlet.TagsHeaderResponse;
import io.outputcache.internal.stats.Counters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one store pipeline, for live and shadow mode alike: may it be stored ({@link Storability}, the per-request
 * opt-out) -> leak check (the body and the header fields it would store) -> variant index (HTTP mode,
 * {@code Vary}) -> hole capture (markers, never a user's filled holes) -> entry -> write (page and tags, kept for
 * fresh + grace). Shadow mode differs only in its key space ({@link PageSpace#SHADOW}) and in not serving what it
 * stored.
 */
final class PageStorer {

    /** What the pipeline did with a response. */
    sealed interface Result permits Refused, Kept {
    }

    /** Not stored, and why. */
    record Refused(StoreDecision.Refuse refuse) implements Result {
    }

    /**
     * Stored (or, when the open breaker kept the write from being sent, built but not sent).
     *
     * @param shareable whether requests waiting on the same primary key may be served this page: a variant is not,
     *                  their Vary values may differ
     */
    record Kept(CachedPage page, CompletableFuture<Void> written, boolean sent, boolean shareable) implements Result {
    }

    private final OutputCacheConfig config;
    private final StoreCalls calls;
    private final LeakCheck leakCheck;
    private final Counters counters;

    PageStorer(OutputCacheConfig config, StoreCalls calls, LeakCheck leakCheck, Counters counters) {
        this.config = config;
        this.calls = calls;
        this.leakCheck = leakCheck;
        this.counters = counters;
    }

    /**
     * @param renderEpoch the store's invalidation epoch read before the render (empty: unknown, nothing is sent):
     *                    the store withdraws the page if one of its tags was invalidated while it rendered
     */
    Result store(Exchange ex, Captured captured, PageSpace space, OptionalLong renderEpoch) {
        StoreDecision decision = Boolean.TRUE.equals(ex.request().getAttribute(OutputCache.DISABLE_ATTRIBUTE))
                ? new StoreDecision.Refuse(Refusal.OPTED_OUT)
                : Storability.decide(ex.facts(), new ResponseFacts(captured.status(), captured.headers(),
                Capture.COMPLETE), ex.rule(), captured.requestTime(), captured.responseTime(), ex.targets());
        HeaderMap selected = StoredHeaders.select(captured.headers(), ex.preExisting(), ex.rule().mode(), ex.targets());
        decision = leakCheck.screen(decision, ex.request(), ex.facts().headers(), captured.body(), selected,
                ex.rule().mode(), captured.headers().first("content-encoding").orElse(null));
        decision = Personalisation.screen(decision, ex.rule(), captured.identityUsed());
        if (decision instanceof StoreDecision.Refuse refuse) {
            counters.refused(refuse.reason().label());
            return new Refused(refuse);
        }
        StoreDecision.Store store = (StoreDecision.Store) decision;
        Set<String> tags = tagsFor(ex);
        // HTTP mode: a response with Vary goes under its secondary key, with a variant index under the primary one.
        Optional<List<String>> varyNames = ex.rule().mode() == CacheMode.HTTP
                ? VariantIndex.varyNames(captured.headers()).filter(names -> !names.isEmpty())
                : Optional.empty();
        CacheKey storeKey = varyNames.map(names -> VariantIndex.secondary(ex.key(), names, ex.facts().headers()))
                .orElse(ex.key());
        HeaderMap storedHeaders = HoleFilling.markIfHoles(selected, captured.body(), captured.holes());
        // A page with holes is stored gzip-compressed like any other: a gzip client's hit splices fills into the
        // node's compiled form and never reads the stored bytes, so they need not be identity (benchmarks.md).
        CachedPage page = PageFactory.build(storeKey, ex.rule().mode(), captured.status(), storedHeaders,
                captured.body(), store, captured.responseTime(), tags, config.compressMinSize());
        CompletableFuture<Void> written = calls.putAsync(space.of(storeKey), EntryCodec.encode(page),
                store.keepFor(), tags, renderEpoch);
        boolean sent = written != StoreCalls.NOT_SENT;
        if (varyNames.isPresent()) {
            written = written.thenCombine(calls.putAsync(space.of(ex.key()), VariantIndex.encode(varyNames.get()),
                    store.keepFor(), tags, renderEpoch), (a, b) -> null);
        }
        if (sent) {
            counters.stores.increment();
        }
        return new Kept(page, written, sent, varyNames.isEmpty());
    }

    /** The store's invalidation epoch now, for a render that takes no lease (shadow mode). */
    OptionalLong renderEpoch(StoreBudget budget) {
        return calls.epoch(budget);
    }

    /**
     * The rule's tags, those the application added to the request or gave in the tags header, and the tag of the
     * page's path.
     */
    private static Set<String> tagsFor(Exchange ex) {
        Set<String> tags = new LinkedHashSet<>(ex.rule().tags());
        Object requested = ex.request().getAttribute(OutputCache.TAGS_ATTRIBUTE);
        if (requested instanceof Set<?> set) {
            set.forEach(t -> tags.add(t.toString()));
        }
        tags.addAll(TagsHeaderResponse.of(ex.request()));
        tags.add(ex.key().pathTag());
        return tags;
    }
}
