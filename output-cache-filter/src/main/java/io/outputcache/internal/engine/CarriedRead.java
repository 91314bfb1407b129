package io.outputcache.internal.engine;

import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import jakarta.servlet.ServletRequest;

import java.time.Instant;
import java.util.Optional;

/**
 * The page lookup of a request that gave its thread back while the store answered ({@link AsyncReads}), carried
 * as a request attribute to the ASYNC dispatch that goes on with it on the synchronous path: no second GET, the
 * same budget (already spent by the wait), the same {@code now} (the clock is read once per request).
 *
 * @param first    the answer of the first GET
 * @param resolved what it was found to hold, when that needed no further read (empty: a variant index)
 * @param budget   what is left of the request's store budget
 * @param now      when the request arrived
 */
record CarriedRead(StoreCalls.Lookup first, Optional<EntryLookup.Stored> resolved, StoreBudget budget,
                   Instant now) {
    /** The request attribute; present from the dispatch until the filter takes it. */
    static final String ATTRIBUTE = CarriedRead.class.getName();

    /** Removes the carried read from the request and returns it; empty when none is carried. */
    static Optional<CarriedRead> take(ServletRequest request) {
        Object carried = request.getAttribute(ATTRIBUTE);
        if (!(carried instanceof CarriedRead read)) {
            return Optional.empty();
        }
        request.removeAttribute(ATTRIBUTE);
        return Optional.of(read);
    }

    /** Whether a read is carried (the filter never took it when this is still true at the end). */
    static boolean isCarried(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof CarriedRead;
    }

    void carry(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
