package io.outputcache.internal.engine;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.flight.Turn;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.gateway.ThrottledLog;
import io.outputcache.internal.policy.StaleFallback;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The live ending of a render: store what may be stored, hand it to the requests waiting on this render before
 * writing this client (so that they never depend on this client's connection), then write the client. A render
 * that fails (throws, or answers 5xx) while a stale copy may stand in serves that copy instead
 * (stale-if-error), and so do its followers; a 304 to our validators refreshes the stored page.
 */
final class StoreAndServe implements PageRender.Ending {
    private final Exchange ex;
    private final Turn.Render turn;
    private final String forwardReason;
    private final Optional<CachedPage> staleFallback;
    private final Optional<CachedPage> revalidating;
    private final Collaborators with;

    /** What every live ending works with (one per filter). */
    record Collaborators(PageStorer storer, NotModifiedRefresh notModified, Answers answers, StoreCalls calls,
                         ThrottledLog log) {
    }

    /**
     * @param staleFallback served instead when the render throws or answers 5xx (stale-if-error)
     * @param revalidating  the stored page whose validators were sent; a 304 refreshes it instead of replacing it
     */
    StoreAndServe(Exchange ex, Turn.Render turn, String forwardReason, Optional<CachedPage> staleFallback,
                  Optional<CachedPage> revalidating, Collaborators with) {
        this.ex = ex;
        this.turn = turn;
        this.forwardReason = forwardReason;
        this.staleFallback = staleFallback;
        this.revalidating = revalidating;
        this.with = with;
    }

    @Override
    public void complete(Captured captured) throws IOException {
        if (StaleFallback.afterStatus(staleFallback, captured.status())) {
            serveStale();
            return;
        }
        if (revalidating.isPresent() && captured.status() == HttpServletResponse.SC_NOT_MODIFIED) {
            NotModifiedRefresh.Refreshed refreshed = with.notModified().apply(ex, revalidating.get(), captured,
                    turn.renderEpoch());
            turn.landed(refreshed.page(), refreshed.written());
            return;
        }
        PageStorer.Result result = with.storer().store(ex, captured, PageSpace.LIVE, turn.renderEpoch());
        if (result instanceof PageStorer.Refused refused) {
            turn.landed(Optional.empty(), CompletableFuture.completedFuture(null));
            with.answers().unstored(ex, captured, refused.refuse(), forwardReason);
            return;
        }
        PageStorer.Kept kept = (PageStorer.Kept) result;
        turn.landed(kept.shareable() ? Optional.of(kept.page()) : Optional.empty(), kept.written());
        // Read-your-writes: once this response is complete, the next request for the page finds it. The wait spends
        // from the request's store budget, so a stalled store delays this miss at most once.
        with.calls().awaitWrite(kept.written(), ex.budget());
        with.answers().fresh(ex, kept, captured, forwardReason);
    }

    @Override
    public boolean standsInOnError() {
        return staleFallback.isPresent();
    }

    @Override
    public boolean failed(Exception error, boolean committed) throws IOException {
        if (!StaleFallback.afterThrow(staleFallback, committed)) {
            return false;
        }
        with.log().error("render-failed:" + error.getClass().getSimpleName(), "rendering "
                + AppPath.raw(ex.request()) + " failed; serving the stale copy (stale-if-error)", error);
        serveStale();
        return true;
    }

    private void serveStale() throws IOException {
        CachedPage stale = staleFallback.orElseThrow();
        turn.landed(Optional.of(stale), CompletableFuture.completedFuture(null));
        with.answers().staleOnError(ex, stale);
    }
}
