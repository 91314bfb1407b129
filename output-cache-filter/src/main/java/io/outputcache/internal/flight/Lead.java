package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Render, holding this node's flight and the cross-node render lease: every other render of the key waits. */
public final class Lead implements Turn.Render {
    private final Landing landing;

    Lead(Landing landing) {
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
