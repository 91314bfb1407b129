package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** The end of one render's turn: land the local flight once, then release the lease after the page write. */
final class Landing {
    private final RenderCoalescer<CachedPage> local;
    private final String flightKey;
    private final RenderCoalescer.Flight<CachedPage> flight;
    private final Leases leases;
    private final String leaseKey;
    private final String token;
    private final AtomicBoolean done = new AtomicBoolean();

    /**
     * @param flight the local flight this render leads, or null (a follower that renders for itself)
     * @param token  the lease this render holds, or null (the store did not answer, or the lease was this node's)
     */
    Landing(RenderCoalescer<CachedPage> local, String flightKey, RenderCoalescer.Flight<CachedPage> flight,
            Leases leases, String leaseKey, String token) {
        this.local = local;
        this.flightKey = flightKey;
        this.flight = flight;
        this.leases = leases;
        this.leaseKey = leaseKey;
        this.token = token;
    }

    void land(Optional<CachedPage> shareable, CompletableFuture<Void> written) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (flight != null) {
            local.land(flightKey, flight, shareable);
        }
        if (token != null) {
            leases.releaseAfter(written, leaseKey, token);
        }
    }

    void close() {
        land(Optional.empty(), CompletableFuture.completedFuture(null));
    }

}
