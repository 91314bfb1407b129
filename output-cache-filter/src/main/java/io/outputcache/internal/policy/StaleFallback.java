package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.TargetedCacheControl;

import java.time.Instant;
import java.util.Optional;

/**
 * When a stored page past its freshness is served instead of a render (stale-if-error, RFC 5861 §4, and output
 * mode's grace): the choice of the fallback before the render, and whether the render's result calls for it.
 */
public final class StaleFallback {
    private StaleFallback() {
    }

    /** As {@link #forMiss(CacheMode, Optional, Instant, TargetedCacheControl)} with the default target list. */
    public static Optional<CachedPage> forMiss(CacheMode mode, Optional<CachedPage> stored, Instant now) {
        return forMiss(mode, stored, now, TargetedCacheControl.DEFAULT);
    }

    /**
     * The page to fall back on while a render that may replace it runs (a MISS, or a REVALIDATE in HTTP mode):
     * the stored page when {@link CacheStrategy#servesStaleOnError} says it may stand in for a failed render. Output
     * mode: a page past its stale-while-revalidate window but within its grace. HTTP mode: within the origin's
     * {@code stale-if-error} or {@code stale-while-revalidate} window and not forbidden by its directives (RFC 5861
     * §4, RFC 9111 §4.2.4), read through this cache's target list (RFC 9213).
     */
    public static Optional<CachedPage> forMiss(CacheMode mode, Optional<CachedPage> stored, Instant now,
                                               TargetedCacheControl targets) {
        return stored.filter(page -> CacheStrategy.servesStaleOnError(mode, page, now, targets));
    }

    /**
     * The application threw: fall back when there is a page to fall back on and nothing of the failed response
     * reached the client yet (a streaming response is already committed).
     */
    public static boolean afterThrow(Optional<CachedPage> fallback, boolean streaming) {
        return fallback.isPresent() && !streaming;
    }

    /** The application answered: a server error (5xx) is replaced by the fallback (RFC 5861 §4). */
    public static boolean afterStatus(Optional<CachedPage> fallback, int status) {
        return fallback.isPresent() && status >= 500;
    }

    /**
     * A request that waited for this node's render got its page: when that page is no longer fresh, the render
     * failed and served its fallback, and so does this request (as stale-if-error), instead of failing again.
     */
    public static boolean followsFailedRender(Optional<CachedPage> fallback, CachedPage shared, Instant now) {
        return fallback.isPresent() && !shared.isFresh(now);
    }
}
