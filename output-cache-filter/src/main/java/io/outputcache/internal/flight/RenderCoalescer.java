package io.outputcache.internal.flight;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One render per key on this node (single-flight): the first request for a key leads and renders; requests that
 * arrive while it renders follow and wait for its result. A follower only ever receives a result that may be
 * shared (a stored page); otherwise, or when the wait runs out, it renders for itself. Used for pages and for
 * fragments alike.
 *
 * @param <T> what a flight produces
 */
public final class RenderCoalescer<T> {

    /** One render in progress. */
    public static final class Flight<T> {
        private final CompletableFuture<Optional<T>> result = new CompletableFuture<>();

        /**
         * Waits for the leader's shareable result. Empty when the leader had nothing to share, failed, or did not
         * finish within {@code wait}.
         */
        public Optional<T> await(Duration wait) {
            try {
                return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException | TimeoutException e) {
                return Optional.empty();
            }
        }

        /** Whether the leader has landed (so an empty {@link #await} result was not a timeout). */
        public boolean isDone() {
            return result.isDone();
        }
    }

    /** A caller's place in a flight. */
    public record Membership<T>(Flight<T> flight, boolean leader) {
    }

    private final ConcurrentHashMap<String, Flight<T>> flights = new ConcurrentHashMap<>();

    /** Joins the flight for the key, leading it if there is none. A leader must {@link #land} it. */
    public Membership<T> join(String key) {
        Flight<T> mine = new Flight<>();
        Flight<T> existing = flights.putIfAbsent(key, mine);
        return existing == null ? new Membership<>(mine, true) : new Membership<>(existing, false);
    }

    /** Leads a new flight only if none is in progress (for refreshes that others need not wait for). */
    public Optional<Flight<T>> tryLead(String key) {
        Flight<T> mine = new Flight<>();
        return flights.putIfAbsent(key, mine) == null ? Optional.of(mine) : Optional.empty();
    }

    /** Ends the flight and hands followers its result. Safe to call more than once; the first result counts. */
    public void land(String key, Flight<T> flight, Optional<T> shareable) {
        flights.remove(key, flight);
        flight.result.complete(shareable);
    }

    /** Flights in progress now (for tests and diagnostics). */
    public int inFlight() {
        return flights.size();
    }
}
