package io.outputcache.demo.shop;

import java.time.Duration;

/**
 * The data cache did not answer (in time, or at all, or its breaker is open). The product repository answers from
 * the database instead; the cart, which lives only in the data store, answers 503 with {@link #retryAfter()}.
 */
public final class DataStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public DataStoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When it is worth trying again: the time until the breaker lets its next probe through (never negative). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
