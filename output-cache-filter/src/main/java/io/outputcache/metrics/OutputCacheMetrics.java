package io.outputcache.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.internal.engine.OutputCacheEngine;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.stats.Counters;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an {@link OutputCache}'s counters to a Micrometer {@link MeterRegistry}. Micrometer is an optional
 * dependency of the library: this package is the only code that refers to it, so an application without
 * Micrometer never loads it. Bind once the filter has started, e.g.
 * {@code OutputCacheMetrics.bind(OutputCache.from(servletContext), registry)}.
 *
 * <p>Meters (every one tagged {@code cache} = the cache-status-name; per-rule ones also {@code rule}):
 * <ul>
 *   <li>{@code outputcache.hits}, {@code outputcache.stale.hits}, {@code outputcache.misses},
 *   {@code outputcache.bypasses}, {@code outputcache.stores}, {@code outputcache.stale.on.error} — per rule</li>
 *   <li>{@code outputcache.refusals} — per rule and {@code reason} (set-cookie, private, type-mismatch, ...)</li>
 *   <li>{@code outputcache.leakguard.refusals} — per rule: pages the leak guard kept out of the cache</li>
 *   <li>{@code outputcache.shadow.lookups}, {@code outputcache.shadow.would.hit},
 *   {@code outputcache.shadow.mismatches} — per rule</li>
 *   <li>{@code outputcache.near.hits} — per rule: store reads (pages and fragments) the near cache answered
 *   without a Redis call; {@code outputcache.near.flushes} — times it was emptied because invalidations might have
 *   been missed (not per rule)</li>
 *   <li>{@code outputcache.store.errors} — all store calls that failed or timed out (one store serves every
 *   rule, and a failed asynchronous write is seen off the request thread, so this one has no rule tag)</li>
 *   <li>{@code outputcache.breaker.state} — gauge: 0 closed, 1 half-open, 2 open;
 *   {@code outputcache.breaker.openings}, {@code outputcache.breaker.state.changes},
 *   {@code outputcache.breaker.rejections} — counters</li>
 *   <li>{@code outputcache.coalesced.waits}, {@code outputcache.lease.waits}, {@code outputcache.coalesce.timeouts},
 *   {@code outputcache.stale.refreshes}, {@code outputcache.corrupt.entries}, {@code outputcache.leakguard.skipped}
 *   (HTTP mode: stored unchecked, in a coding the guard cannot read) — counters, not per rule</li>
 * </ul>
 * The meters read the live counters when scraped: binding costs nothing on the request path.
 */
public final class OutputCacheMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters;

    private OutputCacheMetrics(MeterRegistry registry, List<Meter> meters) {
        this.registry = registry;
        this.meters = List.copyOf(meters);
    }

    /**
     * Registers the meters of this cache. Close the result to remove them (e.g. when the filter is destroyed).
     *
     * @throws IllegalArgumentException when the handle is not one made by {@code OutputCacheFilter}
     */
    public static OutputCacheMetrics bind(OutputCache cache, MeterRegistry registry) {
        if (!(cache instanceof OutputCacheEngine engine)) {
            throw new IllegalArgumentException("cache must be the handle published by OutputCacheFilter but was "
                    + (cache == null ? "null" : cache.getClass().getName()));
        }
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        Counters counters = engine.counters();
        Tags base = Tags.of("cache", engine.config().cacheStatusName());
        List<Meter> meters = new ArrayList<>();
        for (CacheRule rule : engine.config().rules()) {
            Tags tags = base.and("rule", rule.name());
            String r = rule.name();
            meters.add(counter(registry, "outputcache.hits", "requests answered with a fresh stored page", tags,
                    counters, c -> c.ruleCount(r, Counters.HITS)));
            meters.add(counter(registry, "outputcache.stale.hits", "requests answered with a stale stored page", tags,
                    counters, c -> c.ruleCount(r, Counters.STALE_HITS)));
            meters.add(counter(registry, "outputcache.misses", "requests that went to the application", tags,
                    counters, c -> c.ruleCount(r, Counters.MISSES)));
            meters.add(counter(registry, "outputcache.bypasses", "requests that could not use the cache", tags,
                    counters, c -> c.ruleCount(r, Counters.BYPASSES)));
            meters.add(counter(registry, "outputcache.stores", "pages stored", tags,
                    counters, c -> c.ruleCount(r, Counters.STORES)));
            meters.add(counter(registry, "outputcache.stale.on.error", "stale pages served because a render failed",
                    tags, counters, c -> c.ruleCount(r, Counters.STALE_ON_ERROR)));
            for (Refusal reason : Refusal.values()) {
                String key = Counters.REFUSED_PREFIX + reason.label();
                meters.add(counter(registry, "outputcache.refusals", "rendered responses not stored, by reason",
                        tags.and("reason", reason.label()), counters, c -> c.ruleCount(r, key)));
            }
            meters.add(counter(registry, "outputcache.leakguard.refusals",
                    "pages not stored because they contained a value of the requesting user", tags, counters,
                    c -> c.ruleCount(r, Counters.REFUSED_PREFIX + Refusal.LEAK_GUARD.label())));
            meters.add(counter(registry, "outputcache.shadow.lookups", "shadow-mode lookups", tags,
                    counters, c -> c.ruleCount(r, Counters.SHADOW_LOOKUPS)));
            meters.add(counter(registry, "outputcache.shadow.would.hit", "shadow-mode lookups that would have hit",
                    tags, counters, c -> c.ruleCount(r, Counters.SHADOW_WOULD_HIT)));
            meters.add(counter(registry, "outputcache.shadow.mismatches",
                    "shadow-mode would-be hits whose stored page differed from the fresh render", tags,
                    counters, c -> c.ruleCount(r, Counters.SHADOW_MISMATCHES)));
            meters.add(counter(registry, "outputcache.near.hits", "store reads answered by the near cache", tags,
                    counters, c -> c.ruleCount(r, Counters.NEAR_HITS)));
        }
        meters.add(counter(registry, "outputcache.near.flushes",
                "times the near cache was emptied because invalidations might have been missed", base, counters,
                c -> c.nearFlushes.sum()));
        meters.add(counter(registry, "outputcache.shared.reads",
                "page reads that joined a GET of the same key already in flight (near cache off)", base, counters,
                c -> c.sharedReads.sum()));
        meters.add(counter(registry, "outputcache.store.errors", "store calls that failed or timed out", base,
                counters, c -> c.storeErrors.sum()));
        meters.add(Gauge.builder("outputcache.breaker.state", engine, e -> breakerLevel(e.stats().breakerState()))
                .description("store circuit breaker: 0 closed, 1 half-open, 2 open").tags(base).register(registry));
        meters.add(counter(registry, "outputcache.breaker.openings", "times the store circuit breaker opened", base,
                engine, e -> e.stats().breakerOpenings()));
        // Resilience: waits for other renders, grace refreshes, breaker activity (see docs/operations.md).
        meters.add(counter(registry, "outputcache.breaker.state.changes", "changes of the store circuit breaker's state",
                base, engine, e -> e.stats().breakerStateChanges()));
        meters.add(counter(registry, "outputcache.breaker.rejections", "store calls not made because the breaker was open",
                base, engine, e -> e.stats().breakerRejections()));
        meters.add(counter(registry, "outputcache.coalesced.waits", "requests that waited for this node's render",
                base, counters, c -> c.coalescedWaits.sum()));
        meters.add(counter(registry, "outputcache.lease.waits", "requests that waited for another node's render",
                base, counters, c -> c.leaseWaits.sum()));
        meters.add(counter(registry, "outputcache.coalesce.timeouts",
                "waits for another render that ran out, after which the waiter rendered", base, counters,
                c -> c.coalesceTimeouts.sum()));
        meters.add(counter(registry, "outputcache.stale.refreshes",
                "renders refreshing a page in grace while others were served the stale copy", base, counters,
                c -> c.staleRefreshes.sum()));
        meters.add(counter(registry, "outputcache.leakguard.skipped",
                "pages stored unchecked by the leak guard, in a content coding it cannot read (HTTP mode)", base,
                counters, c -> c.leakGuardSkipped.sum()));
        meters.add(counter(registry, "outputcache.corrupt.entries", "stored values that did not decode (dropped)",
                base, counters, c -> c.corruptEntries.sum()));
        return new OutputCacheMetrics(registry, meters);
    }

    /** The meters registered (for inspection). */
    public List<Meter> meters() {
        return meters;
    }

    /** Removes the meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }

    static int breakerLevel(String state) {
        return switch (state) {
            case "closed" -> 0;
            case "half-open" -> 1;
            default -> 2;
        };
    }

    private static <T> FunctionCounter counter(MeterRegistry registry, String name, String description, Tags tags,
                                               T source, ToDoubleFunction<T> read) {
        return FunctionCounter.builder(name, source, read).description(description).tags(tags).register(registry);
    }
}
