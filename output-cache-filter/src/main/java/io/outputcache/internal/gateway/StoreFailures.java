package io.outputcache.internal.gateway;

import io.outputcache.internal.stats.Counters;

import java.net.ConnectException;

/**
 * What a failed store call means for the cache: the circuit breaker is told (a refused connection trips it at
 * once: nothing listens there, which one failure shows as well as five), the failure is counted, and it is logged
 * at most once per cause per error-log-interval, naming the store but never a secret.
 */
final class StoreFailures {
    private final CircuitBreaker breaker;
    private final Counters counters;
    private final ThrottledLog log;
    private final String storeName;

    StoreFailures(CircuitBreaker breaker, Counters counters, ThrottledLog log, String storeName) {
        this.breaker = breaker;
        this.counters = counters;
        this.log = log;
        this.storeName = storeName;
    }

    /**
     * Records a failed call.
     *
     * @return whether the breaker is open now (so that the calls still waiting can be let go)
     */
    boolean record(String operation, String what, Throwable cause) {
        if (isRefused(cause)) {
            breaker.trip();
        } else {
            breaker.onFailure();
        }
        counters.storeErrors.increment();
        String causeKey = operation + ":" + (cause == null ? "timeout" : rootClass(cause));
        log.error(causeKey, "store " + operation + " " + what + " on " + storeName + "; serving uncached", cause);
        return breaker.state() == CircuitBreaker.State.OPEN;
    }

    /** A refused connection: the server is down (not merely slow). */
    static boolean isRefused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String rootClass(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
