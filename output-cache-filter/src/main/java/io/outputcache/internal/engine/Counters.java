package io.outputcache.internal.engine;

import io.outputcache.OutputCacheStats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one filter; {@link #snapshot} turns them into {@link OutputCacheStats}. */
public final class Counters {
    public final LongAdder hits = new LongAdder();
    public final LongAdder staleHits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder stores = new LongAdder();
    public final LongAdder bypasses = new LongAdder();
    public final LongAdder storeErrors = new LongAdder();
    public final LongAdder corruptEntries = new LongAdder();
    public final LongAdder coalescedWaits = new LongAdder();
    public final LongAdder leaseWaits = new LongAdder();
    public final LongAdder staleOnError = new LongAdder();
    public final LongAdder revalidations = new LongAdder();
    public final LongAdder shadowLookups = new LongAdder();
    public final LongAdder shadowWouldHit = new LongAdder();
    public final LongAdder shadowMismatches = new LongAdder();
    public final LongAdder fragmentHits = new LongAdder();
    public final LongAdder fragmentMisses = new LongAdder();
    public final LongAdder fragmentRenders = new LongAdder();
    public final LongAdder fragmentStores = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    public void refused(String reason) {
        refusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public OutputCacheStats snapshot(CircuitBreaker breaker) {
        Map<String, Long> byReason = new TreeMap<>();
        refusals.forEach((k, v) -> byReason.put(k, v.sum()));
        return new OutputCacheStats(hits.sum(), staleHits.sum(), misses.sum(), stores.sum(), bypasses.sum(), byReason,
                storeErrors.sum(), corruptEntries.sum(), coalescedWaits.sum(), leaseWaits.sum(), staleOnError.sum(),
                revalidations.sum(), breaker.state().label(), breaker.openings(), breaker.rejections(),
                shadowLookups.sum(), shadowWouldHit.sum(), shadowMismatches.sum(),
                fragmentHits.sum(), fragmentMisses.sum(), fragmentRenders.sum(), fragmentStores.sum());
    }
}
