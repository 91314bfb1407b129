package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** What both kinds of render turn do when the render is over: land once through their {@link Landing}. */
abstract sealed class RenderTurn implements Turn.Render permits Lead, Alone {
    private final Landing landing;
    private final OptionalLong renderEpoch;

    RenderTurn(Landing landing, OptionalLong renderEpoch) {
        this.landing = landing;
        this.renderEpoch = renderEpoch;
    }

    @Override
    public final OptionalLong renderEpoch() {
        return renderEpoch;
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
