package io.outputcache.demo.shop;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the data cache may be asked now: a pure decision over the outcomes reported to it, with the time given
 * by the caller (so that a test drives it with a fixed clock). Closed, every call goes; after {@code threshold}
 * consecutive failures it opens and no call goes for {@code openFor}; then one call (the probe) goes, and its
 * outcome closes the breaker or opens it again.
 */
public final class Breaker {

    /** Where the breaker is. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean probing;

    public Breaker(int threshold, Duration openFor) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be at least 1 but was " + threshold);
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("breaker open time must be positive but was " + openFor);
        }
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** Whether a call may be made at {@code now}. Whoever gets true must report {@link #succeeded} or {@link #failed}. */
    public synchronized boolean tryAcquire(Instant now) {
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            state = State.HALF_OPEN;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                // One probe at a time: the others keep using the database until it has answered.
                if (probing) {
                    yield false;
                }
                probing = true;
                yield true;
            }
        };
    }

    /** A call answered in time. Only a probe closes an open breaker; a late answer from before does not. */
    public synchronized void succeeded() {
        if (state == State.HALF_OPEN && probing) {
            probing = false;
            state = State.CLOSED;
        }
        if (state == State.CLOSED) {
            failures = 0;
        }
    }

    /** A call failed or ran out of time at {@code now}. */
    public synchronized void failed(Instant now) {
        if (state == State.HALF_OPEN && probing) {
            probing = false;
            open(now);
        } else if (state == State.CLOSED && ++failures >= threshold) {
            open(now);
        }
    }

    /** How long until the next probe may go (zero unless open): what a 503 tells the client in Retry-After. */
    public synchronized Duration untilProbe(Instant now) {
        return state == State.OPEN && now.isBefore(openUntil) ? Duration.between(now, openUntil) : Duration.ZERO;
    }

    public synchronized State state() {
        return state;
    }

    private void open(Instant now) {
        state = State.OPEN;
        failures = 0;
        openUntil = now.plus(openFor);
    }
}
