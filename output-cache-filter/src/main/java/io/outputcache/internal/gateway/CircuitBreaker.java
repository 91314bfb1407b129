package io.outputcache.internal.gateway;

import io.outputcache.internal.stats.Counters;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the request path away from a store that is failing. Closed: every call goes through. After
 * {@code threshold} consecutive failures it opens: no call goes through for {@code openFor}. Then it is half-open:
 * exactly one call (the probe) goes through at a time; its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half-open");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Told of every change of state, on the thread that caused it. */
    public interface Listener {
        void stateChanged(State from, State to);
    }

    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Listener listener;
    private volatile State state = State.CLOSED;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openUntilMillis = new AtomicLong();
    private final AtomicBoolean probeInFlight = new AtomicBoolean();
    private final AtomicLong openings = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private final AtomicLong stateChanges = new AtomicLong();

    public CircuitBreaker(Clock clock, int threshold, Duration openFor, Listener listener) {
        this.clock = clock;
        this.threshold = threshold;
        this.openFor = openFor;
        this.listener = listener;
    }

    /** Whether a call may be made now. A caller that gets true must report {@link #onSuccess} or {@link #onFailure}. */
    public boolean tryAcquire() {
        State s = state;
        if (s == State.CLOSED) {
            return true;
        }
        if (s == State.OPEN && clock.millis() >= openUntilMillis.get()) {
            transition(State.OPEN, State.HALF_OPEN);
            s = state;
        }
        if (s == State.HALF_OPEN && probeInFlight.compareAndSet(false, true)) {
            return true;
        }
        rejections.incrementAndGet();
        return false;
    }

    /**
     * A call answered in time. Only the half-open probe closes the breaker: a call let through before it opened
     * and answering late must not close it again (a slow store would make it flap on every late answer).
     */
    public void onSuccess() {
        // Read first: every call succeeds, on every request thread (a near-cache hit too), and a volatile write of
        // the same 0 each time would be a fence and a shared cache line written by all of them.
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (state == State.HALF_OPEN) {
            probeInFlight.set(false);
            transition(State.HALF_OPEN, State.CLOSED);
        }
    }

    public void onFailure() {
        State s = state;
        if (s == State.HALF_OPEN) {
            openUntilMillis.set(clock.millis() + openFor.toMillis());
            probeInFlight.set(false);
            transition(State.HALF_OPEN, State.OPEN);
        } else if (s == State.CLOSED && consecutiveFailures.incrementAndGet() >= threshold) {
            openUntilMillis.set(clock.millis() + openFor.toMillis());
            transition(State.CLOSED, State.OPEN);
        }
    }

    /**
     * Opens at once, whatever the count: for failures that leave no doubt (a refused connection). While half-open it
     * acts as a failed probe; while open it does nothing.
     */
    public void trip() {
        State s = state;
        if (s == State.OPEN) {
            return;
        }
        openUntilMillis.set(clock.millis() + openFor.toMillis());
        if (s == State.HALF_OPEN) {
            probeInFlight.set(false);
        }
        transition(s, State.OPEN);
    }

    public State state() {
        return state;
    }

    public long openings() {
        return openings.get();
    }

    public long rejections() {
        return rejections.get();
    }

    /** The figures a stats snapshot shows. */
    public Counters.BreakerFigures figures() {
        return new Counters.BreakerFigures(state.label(), openings(), rejections(), stateChanges());
    }

    /** Every change of state so far. */
    public long stateChanges() {
        return stateChanges.get();
    }

    private synchronized void transition(State from, State to) {
        if (state != from || from == to) {
            return;
        }
        state = to;
        stateChanges.incrementAndGet();
        if (to == State.OPEN) {
            openings.incrementAndGet();
        }
        if (to == State.CLOSED) {
            consecutiveFailures.set(0);
        }
        listener.stateChanged(from, to);
    }
}
