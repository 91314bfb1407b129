package io.outputcache.internal.stats;

import io.outputcache.OutputCacheStats;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one filter; {@link #snapshot} turns them into {@link OutputCacheStats}.
 *
 * <p>Each counter also counts per rule: while a request runs inside {@link #inRule(String)} (the engine opens
 * that scope around the handler), every increment on that thread is added to the rule's own tally too. So the
 * request path keeps writing {@code counters.hits.increment()} and metrics can still be tagged by rule. Work
 * finished on another thread (an asynchronous store write failing later) counts in the totals only.
 */
public final class Counters {
    /** Counter names, as used by {@link #ruleCount} and the metrics binding. */
    public static final String HITS = "hits", STALE_HITS = "stale-hits", MISSES = "misses", STORES = "stores",
            BYPASSES = "bypasses", STORE_ERRORS = "store-errors", STALE_ON_ERROR = "stale-on-error",
            SHADOW_LOOKUPS = "shadow-lookups", SHADOW_WOULD_HIT = "shadow-would-hit",
            SHADOW_MISMATCHES = "shadow-mismatches", NEAR_HITS = "near-hits", REFUSED_PREFIX = "refused:";

    /** How many mismatching paths shadow mode remembers (the most recent distinct ones). */
    static final int SHADOW_SAMPLE_SIZE = 20;

    /** The counters that also count per rule, in the order of their slot in {@link RuleTallies#slots}. */
    private static final String[] TALLIED = {HITS, STALE_HITS, MISSES, STORES, BYPASSES, STORE_ERRORS,
        STALE_ON_ERROR, SHADOW_LOOKUPS, SHADOW_WOULD_HIT, SHADOW_MISMATCHES, NEAR_HITS};

    /** The tallies of the rule the current thread's request runs under (found once per request, not per count). */
    private final ThreadLocal<RuleTallies> currentRule = new ThreadLocal<>();
    private final ConcurrentHashMap<String, RuleTallies> byRule = new ConcurrentHashMap<>();
    private final Deque<String> shadowSample = new ArrayDeque<>();

    public final LongAdder hits = new Tally(HITS);
    public final LongAdder staleHits = new Tally(STALE_HITS);
    public final LongAdder misses = new Tally(MISSES);
    public final LongAdder stores = new Tally(STORES);
    public final LongAdder bypasses = new Tally(BYPASSES);
    public final LongAdder storeErrors = new Tally(STORE_ERRORS);
    public final LongAdder corruptEntries = new LongAdder();
    public final LongAdder coalescedWaits = new LongAdder();
    public final LongAdder leaseWaits = new LongAdder();
    public final LongAdder staleOnError = new Tally(STALE_ON_ERROR);
    /** Renders started to refresh a page in grace while others were served the stale copy. */
    public final LongAdder staleRefreshes = new LongAdder();
    /** Waits for another render (this node's or another node's) that ran out, after which the waiter rendered. */
    public final LongAdder coalesceTimeouts = new LongAdder();
    public final LongAdder revalidations = new LongAdder();
    /** HTTP mode: pages stored without the leak guard's check, their coding being one it cannot read. */
    public final LongAdder leakGuardSkipped = new LongAdder();
    public final LongAdder shadowLookups = new Tally(SHADOW_LOOKUPS);
    public final LongAdder shadowWouldHit = new Tally(SHADOW_WOULD_HIT);
    public final LongAdder shadowMismatches = new Tally(SHADOW_MISMATCHES);
    public final LongAdder fragmentHits = new LongAdder();
    public final LongAdder fragmentMisses = new LongAdder();
    public final LongAdder fragmentRenders = new LongAdder();
    public final LongAdder fragmentStores = new LongAdder();
    /** Store reads (pages and fragments) the near cache answered without a Redis call. */
    public final LongAdder nearHits = new Tally(NEAR_HITS);
    /** Times the near cache was emptied because invalidations might have been missed. */
    public final LongAdder nearFlushes = new LongAdder();
    /** Page reads that joined a GET of the same key already in flight instead of sending their own. */
    public final LongAdder sharedReads = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    /** A counter that also adds to the current rule's tally of the same name. */
    private final class Tally extends LongAdder {
        private static final long serialVersionUID = 1L;
        /** Its slot in a rule's tallies: a hit counts there by index, not by looking its name up. */
        private final int slot;

        Tally(String name) {
            this.slot = List.of(TALLIED).indexOf(name);
            if (slot < 0) {
                throw new IllegalArgumentException("not a tallied counter: " + name);
            }
        }

        @Override
        public void add(long x) {
            super.add(x);
            RuleTallies tallies = currentRule.get();
            if (tallies != null) {
                tallies.slots[slot].add(x);
            }
        }
    }

    /** One rule's counts: the tallied counters by slot, all of them (refusals too) by name. */
    private static final class RuleTallies {
        final LongAdder[] slots = new LongAdder[TALLIED.length];
        final ConcurrentHashMap<String, LongAdder> byName = new ConcurrentHashMap<>();

        RuleTallies() {
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new LongAdder();
                byName.put(TALLIED[i], slots[i]);
            }
        }
    }

    /** The scope of one request under a rule; close it when the request is done. */
    public interface RuleScope extends AutoCloseable {
        @Override
        void close();
    }

    /** Attributes the increments made on this thread to the rule until the scope is closed. */
    public RuleScope inRule(String ruleName) {
        RuleTallies previous = currentRule.get();
        RuleTallies tallies = byRule.get(ruleName);
        if (tallies == null) {
            tallies = byRule.computeIfAbsent(ruleName, k -> new RuleTallies());
        }
        currentRule.set(tallies);
        // Null rather than remove(): the thread's entry stays for its next request (see CurrentBudget.close).
        return () -> currentRule.set(previous);
    }

    public void refused(String reason) {
        refusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
        addToRule(REFUSED_PREFIX + reason, 1);
    }

    /** Counts a shadow-mode mismatch and remembers the path (most recent distinct paths, bounded). */
    public void shadowMismatch(String path) {
        shadowMismatches.increment();
        synchronized (shadowSample) {
            shadowSample.remove(path);
            shadowSample.addLast(path);
            while (shadowSample.size() > SHADOW_SAMPLE_SIZE) {
                shadowSample.removeFirst();
            }
        }
    }

    /** The most recent distinct paths whose stored body differed from the fresh render, oldest first. */
    public List<String> shadowMismatchSample() {
        synchronized (shadowSample) {
            return List.copyOf(shadowSample);
        }
    }

    /** A rule's count of one counter (a name above, or {@code "refused:" + reason}); 0 when never counted. */
    public long ruleCount(String rule, String counter) {
        RuleTallies counts = byRule.get(rule);
        LongAdder adder = counts == null ? null : counts.byName.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    private void addToRule(String counter, long x) {
        RuleTallies tallies = currentRule.get();
        if (tallies != null) {
            tallies.byName.computeIfAbsent(counter, k -> new LongAdder()).add(x);
        }
    }

    /** What the store's circuit breaker reports in a snapshot (it lives with the store calls). */
    public record BreakerFigures(String state, long openings, long rejections, long stateChanges) {
    }

    public OutputCacheStats snapshot(BreakerFigures breaker) {
        Map<String, Long> byReason = new TreeMap<>();
        refusals.forEach((k, v) -> byReason.put(k, v.sum()));
        return new OutputCacheStats(hits.sum(), staleHits.sum(), misses.sum(), stores.sum(), bypasses.sum(), byReason,
                storeErrors.sum(), corruptEntries.sum(), coalescedWaits.sum(), leaseWaits.sum(), staleOnError.sum(),
                staleRefreshes.sum(), coalesceTimeouts.sum(),
                revalidations.sum(), breaker.state(), breaker.openings(), breaker.rejections(),
                breaker.stateChanges(),
                shadowLookups.sum(), shadowWouldHit.sum(), shadowMismatches.sum(),
                fragmentHits.sum(), fragmentMisses.sum(), fragmentRenders.sum(), fragmentStores.sum(),
                nearHits.sum(), nearFlushes.sum(), sharedReads.sum());
    }
}
