package io.outputcache.internal.policy;

import java.time.Duration;

/** The outcome of {@link Storability}: store for so long, or refuse for a reason. */
public sealed interface StoreDecision permits StoreDecision.Store, StoreDecision.Refuse {

    /**
     * Store the response.
     *
     * @param freshFor          how long from now it may be served without asking the origin
     * @param staleServeFor     how long after that it may still be served stale (grace, stale-while-revalidate)
     * @param keepFor           how long the store keeps it in all (at least fresh + stale; longer when it can be
     *                          revalidated)
     * @param initialAgeSeconds the age it already has (RFC 9111 §4.2.3 corrected_initial_age)
     */
    record Store(Duration freshFor, Duration staleServeFor, Duration keepFor, long initialAgeSeconds)
            implements StoreDecision {
    }

    /** Do not store. */
    record Refuse(Refusal reason, String detail) implements StoreDecision {
        public Refuse(Refusal reason) {
            this(reason, reason.label());
        }
    }
}
