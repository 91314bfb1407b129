package io.outputcache.internal.flight;

import io.outputcache.internal.gateway.StoreCalls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The render leases this node holds, from the moment one is won until its release is done: the one record of
 * them, so that a request can tell "held by my own finished render" from "held by another node", a release the
 * open breaker kept from being sent is sent once the store answers again, and a stopping node releases what it
 * still holds instead of leaving other nodes to wait until the leases expire.
 */
final class Leases {
    private enum State {
        /** Won; the render is under way. */
        RENDERING,
        /** The render is over; the release waits for the page write, or is on its way. */
        RELEASING,
        /** The release was not sent (breaker open); sent when the store answers again. */
        STRANDED
    }

    private record Held(String token, State state) {
    }

    private final StoreCalls calls;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    Leases(StoreCalls calls) {
        this.calls = calls;
        calls.onSuccess(this::sendStranded);
    }

    void won(String leaseKey, String token) {
        held.put(leaseKey, new Held(token, State.RENDERING));
    }

    /** Whether this node holds the lease (its render of the key is over and only the release is on its way). */
    boolean heldHere(String leaseKey) {
        return held.containsKey(leaseKey);
    }

    /** Releases the lease once the page write is done, so that no other node starts a render in between. */
    void releaseAfter(CompletableFuture<Void> written, String leaseKey, String token) {
        held.replace(leaseKey, new Held(token, State.RENDERING), new Held(token, State.RELEASING));
        calls.track(written.thenCompose(ok -> release(leaseKey, token)));
    }

    private CompletableFuture<Void> release(String leaseKey, String token) {
        CompletableFuture<Void> released = calls.releaseLeaseAsync(leaseKey, token);
        if (released == StoreCalls.NOT_SENT) {
            held.replace(leaseKey, new Held(token, State.RELEASING), new Held(token, State.STRANDED));
            return released;
        }
        return released.whenComplete((ok, error) -> held.remove(leaseKey, new Held(token, State.RELEASING)));
    }

    private void sendStranded() {
        if (held.isEmpty()) {
            return;
        }
        held.forEach((leaseKey, lease) -> {
            if (lease.state() == State.STRANDED
                    && held.replace(leaseKey, lease, new Held(lease.token(), State.RELEASING))) {
                release(leaseKey, lease.token());
            }
        });
    }

    /** Releases every lease still held (at shutdown), waiting at most {@code max}. */
    void releaseAll(Duration max) {
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        held.forEach((leaseKey, lease) -> {
            if (held.remove(leaseKey, lease)) {
                releases.add(calls.releaseLeaseQuietly(leaseKey, lease.token()));
            }
        });
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the leases expire by themselves
        }
    }

    /** Leases held now (for tests and diagnostics). */
    int count() {
        return held.size();
    }
}
