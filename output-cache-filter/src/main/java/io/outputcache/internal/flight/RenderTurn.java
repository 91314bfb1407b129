package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What both kinds of render turn do when the render is over: land once through their {@link Landing}. */
abstract sealed class RenderTurn implements Turn.Render permits Lead, Alone {
    private final Landing landing;

    RenderTurn(Landing landing) {
        this.landing = landing;
    }

    @Override
    public final void landed(Optional<CachedPage> shareable, CompletableFuture<Void> written) {
        landing.land(shareable, written);
    }

    @Override
    public final void close() {
        landing.close();
    }
}
