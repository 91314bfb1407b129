package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Render without the cross-node lease: the store did not answer (it is down, or this request spent its store
 * budget), the lease is still held by this node's previous render of the key while its release is on the way,
 * or this node's own render of the key did not share a page in time. Followers on this node still get the page
 * when this render leads the local flight.
 */
public final class Alone implements Turn.Render {
    private final Landing landing;

    Alone(Landing landing) {
        this.landing = landing;
    }

    @Override
    public void landed(Optional<CachedPage> shareable, CompletableFuture<Void> written) {
        landing.land(shareable, written);
    }

    @Override
    public void close() {
        landing.close();
    }
}
