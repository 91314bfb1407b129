package io.outputcache;

import java.util.Map;

/**
 * A snapshot of one filter's counters since it started.
 *
 * @param hits              requests answered with a fresh stored page
 * @param staleHits         requests answered with a stale page (grace, stale-if-error, max-stale)
 * @param misses            requests that found no usable page and went to the application
 * @param stores            pages stored
 * @param bypasses          requests under a rule that could not use the cache at all (method, host, path, ...)
 * @param refusals          rendered responses that were not stored, by reason (set-cookie, private, too-large, ...)
 * @param storeErrors       store calls that failed or timed out (each one cost a render, never a request)
 * @param corruptEntries    stored values that did not decode (treated as misses and deleted)
 * @param coalescedWaits    requests that waited for another request's render on this node
 * @param leaseWaits        renders that waited for another node's render (render lease held elsewhere)
 * @param staleOnError      stale pages served because the refresh failed (stale-if-error)
 * @param staleRefreshes    renders that refreshed a page in grace while other requests were served the stale copy
 * @param coalesceTimeouts  waits for another render (on this node or another) that ran out, so the waiter rendered
 * @param revalidations     stale pages revalidated with the origin (HTTP mode)
 * @param breakerState      the store circuit breaker now: closed, open or half-open
 * @param breakerOpenings   times the breaker opened
 * @param breakerRejections store calls not made because the breaker was open
 * @param breakerStateChanges every change of the breaker's state (closed, open, half-open), a measure of flapping
 * @param shadowLookups     shadow-mode requests that looked up the cache
 * @param shadowWouldHit    shadow-mode requests that would have been hits
 * @param shadowMismatches  shadow-mode would-be hits whose stored body differed from the fresh render
 * @param fragmentHits      fragments served from the store ({@link io.outputcache.fragment.FragmentCache})
 * @param fragmentMisses    fragment look-ups that found no fresh entry
 * @param fragmentRenders   fragment renders (misses, less the ones that got another request's render)
 * @param fragmentStores    fragments written to the store
 * @param nearHits          store reads (pages and fragments) answered by the near cache, without a Redis call; each is
 *                          also counted as the hit, stale hit or fragment hit it became
 * @param nearFlushes       times the near cache was emptied because invalidations might have been missed (the
 *                          channel that carries them was lost, or a heartbeat did not arrive)
 * @param sharedReads       page reads (near cache off) that joined a GET of the same key already in flight on this
 *                          node instead of sending their own: what concurrent hits on hot pages saved Redis
 */
public record OutputCacheStats(long hits, long staleHits, long misses, long stores, long bypasses,
                               Map<String, Long> refusals, long storeErrors, long corruptEntries,
                               long coalescedWaits, long leaseWaits, long staleOnError, long staleRefreshes,
                               long coalesceTimeouts, long revalidations,
                               String breakerState, long breakerOpenings, long breakerRejections,
                               long breakerStateChanges,
                               long shadowLookups, long shadowWouldHit, long shadowMismatches,
                               long fragmentHits, long fragmentMisses, long fragmentRenders,
                               long fragmentStores, long nearHits, long nearFlushes, long sharedReads) {

    public OutputCacheStats {
        refusals = Map.copyOf(refusals);
    }

    /** All refusals, whatever the reason. */
    public long refusalTotal() {
        return refusals.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Fresh and stale hits over all requests that looked the cache up. */
    public double hitRatio() {
        long lookups = hits + staleHits + misses;
        return lookups == 0 ? 0 : (double) (hits + staleHits) / lookups;
    }
}
