package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do with a request given what the store holds for its key: a pure decision from
 * (request, entry, now), like OkHttp's {@code CacheStrategy}. The caller reads the clock once and does the I/O.
 */
public final class CacheStrategy {

    /** The possible courses. */
    public enum Action {
        /** Serve the stored page. */
        FRESH_HIT,
        /** Serve the stored page although it is stale: grace, or the client accepts stale (max-stale). */
        STALE_HIT,
        /** Serve the stale page to everyone but one request, which renders a fresh copy (stale-while-revalidate). */
        STALE_REFRESH,
        /** Ask the origin whether the stored page is still good (RFC 9111 §4.3), then serve it or the new one. */
        REVALIDATE,
        /** Render (once per key) and maybe store. */
        MISS,
        /** The client asked for a stored page only (only-if-cached) and there is none fit to serve: 504. */
        UNSATISFIABLE
    }

    /** A decision with the reason, for {@code Cache-Status}. */
    public record Decision(Action action, String detail) {
    }

    private CacheStrategy() {
    }

    public static Decision decide(CacheMode mode, RequestFacts request, Optional<CachedPage> stored, Instant now) {
        return decide(mode, request, stored, now, TargetedCacheControl.DEFAULT);
    }

    /**
     * As {@link #decide(CacheMode, RequestFacts, Optional, Instant)}, with this cache's target list: in HTTP mode
     * the stored response's directives are read from its targeted field when it has one (RFC 9213 §2.1).
     */
    public static Decision decide(CacheMode mode, RequestFacts request, Optional<CachedPage> stored, Instant now,
                                  TargetedCacheControl targets) {
        return mode == CacheMode.OUTPUT ? outputMode(stored, now) : httpMode(request, stored, now, targets);
    }

    /**
     * As {@link #decide(CacheMode, RequestFacts, Optional, Instant)}, with the rule's say on the origin's stale
     * directives (RFC 5861). In output mode with {@code use-origin-stale}, a stale page is served while one request
     * refreshes it only within the origin's {@code stale-while-revalidate} window; after that window, and until the
     * end of {@code stale-if-error}, the page is rendered first ({@link Action#MISS}) and the stale copy is served
     * only if that render fails.
     */
    public static Decision decide(CacheRule rule, RequestFacts request, Optional<CachedPage> stored, Instant now) {
        return decide(rule, request, stored, now, TargetedCacheControl.DEFAULT);
    }

    /** As {@link #decide(CacheRule, RequestFacts, Optional, Instant)}, with this cache's target list (RFC 9213). */
    public static Decision decide(CacheRule rule, RequestFacts request, Optional<CachedPage> stored, Instant now,
                                  TargetedCacheControl targets) {
        Decision decision = decide(rule.mode(), request, stored, now, targets);
        if (decision.action() == Action.STALE_REFRESH && rule.mode() == CacheMode.OUTPUT && rule.useOriginStale()
                && now.toEpochMilli() >= revalidateUntilMillis(stored.orElseThrow())) {
            return new Decision(Action.MISS, "stale");
        }
        return decision;
    }

    /**
     * Until when a stale page may be served while it is refreshed, going by the Cache-Control stored with it:
     * the end of {@code stale-while-revalidate}; the end of freshness when the origin gave only
     * {@code stale-if-error} (stale on error only); otherwise the whole grace period (the rule's grace).
     */
    static long revalidateUntilMillis(CachedPage page) {
        CacheControl cc = CacheControl.of(page.headers());
        Optional<Duration> swr = cc.seconds("stale-while-revalidate");
        if (swr.isPresent()) {
            return Math.min(page.staleUntilMillis(), page.freshUntilMillis() + swr.get().toMillis());
        }
        if (cc.seconds("stale-if-error").isPresent()) {
            return page.freshUntilMillis();
        }
        return page.staleUntilMillis();
    }

    /**
     * Output mode ignores the client's {@code Cache-Control}: letting any visitor force a render would let anyone
     * turn the cache off (and Varnish and ASP.NET Core ignore it too).
     */
    private static Decision outputMode(Optional<CachedPage> stored, Instant now) {
        if (stored.isEmpty()) {
            return new Decision(Action.MISS, "uri-miss");
        }
        CachedPage page = stored.get();
        if (page.isFresh(now)) {
            return new Decision(Action.FRESH_HIT, "fresh");
        }
        if (page.isWithinGrace(now)) {
            return new Decision(Action.STALE_REFRESH, "stale");
        }
        return new Decision(Action.MISS, "stale"); // past grace; the store would have dropped it a moment later
    }

    /**
     * Whether a stored page that is not served as it is may be served instead when the render fails (throws, or
     * answers 5xx). Output mode: within the grace period. HTTP mode: within the origin's {@code stale-if-error}
     * (RFC 5861 §4) or {@code stale-while-revalidate} window, and never against {@code must-revalidate},
     * {@code proxy-revalidate}, {@code s-maxage} or {@code no-cache} (RFC 9111 §4.2.4). The engine passes a page
     * for which this holds as the render's stale fallback, on a MISS and a REVALIDATE alike.
     */
    public static boolean servesStaleOnError(CacheMode mode, CachedPage page, Instant now,
                                             TargetedCacheControl targets) {
        if (mode == CacheMode.OUTPUT) {
            return page.isWithinGrace(now);
        }
        CacheControl res = ResponseDirectives.of(page.headers(), targets).cacheControl();
        if (forbidsStale(res) || !page.isWithinGrace(now)) {
            return false;
        }
        long until = Math.max(windowEnd(page, res, "stale-if-error"), windowEnd(page, res, "stale-while-revalidate"));
        return now.toEpochMilli() < until;
    }

    /** RFC 9111 §4.2.4, §5.2.2.2, §5.2.2.8, §5.2.2.10: directives that forbid serving this response stale. */
    private static boolean forbidsStale(CacheControl res) {
        return res.has("must-revalidate") || res.has("proxy-revalidate") || res.has("s-maxage")
                || NoCache.requiresValidation(res);
    }

    /** The end of a stale window the origin gave (freshness end + N seconds); the freshness end when it gave none. */
    private static long windowEnd(CachedPage page, CacheControl res, String directive) {
        return res.seconds(directive).map(d -> page.freshUntilMillis() + d.toMillis()).orElse(page.freshUntilMillis());
    }

    /** RFC 9111 §4: the client's directives, the stored response's directives and its age decide together. */
    private static Decision httpMode(RequestFacts request, Optional<CachedPage> stored, Instant now,
                                     TargetedCacheControl targets) {
        CacheControl req = request.cacheControl();
        boolean onlyIfCached = req.has("only-if-cached");
        if (stored.isEmpty()) {
            return onlyIfCached ? new Decision(Action.UNSATISFIABLE, "uri-miss") : new Decision(Action.MISS, "uri-miss");
        }
        CachedPage page = stored.get();
        // The directives this cache obeys: a targeted field's (RFC 9213), Surrogate-Control's, or Cache-Control's.
        CacheControl res = ResponseDirectives.of(page.headers(), targets).cacheControl();
        boolean validatable = page.headers().contains("etag") || page.headers().contains("last-modified");
        Action revalidateOrMiss = validatable ? Action.REVALIDATE : Action.MISS;

        // §5.2.1.4 and §5.4: the client wants the origin's word (Pragma: no-cache only counts without Cache-Control).
        boolean pragmaNoCache = !request.headers().contains("cache-control")
                && request.headers().all("pragma").stream().anyMatch(v -> v.toLowerCase().contains("no-cache"));
        if ((req.has("no-cache") || pragmaNoCache) && !onlyIfCached) {
            return new Decision(revalidateOrMiss, "request-no-cache");
        }
        // §5.2.2.4: a stored no-cache response must be validated before each use (the qualified form's fields
        // were not stored, so it needs no validation).
        if (NoCache.requiresValidation(res)) {
            return onlyIfCached ? new Decision(Action.UNSATISFIABLE, "stale") : new Decision(revalidateOrMiss, "stale");
        }
        long age = page.ageSeconds(now);
        long freshnessLeftMs = page.freshUntilMillis() - now.toEpochMilli();
        boolean fresh = freshnessLeftMs > 0;
        Optional<Duration> maxAge = req.seconds("max-age");
        if (maxAge.isPresent() && age > maxAge.get().toSeconds()) {
            fresh = false; // §5.2.1.1: older than the client accepts
        }
        Optional<Duration> minFresh = req.seconds("min-fresh");
        if (minFresh.isPresent() && freshnessLeftMs < minFresh.get().toMillis()) {
            fresh = false; // §5.2.1.3
        }
        if (fresh) {
            return new Decision(Action.FRESH_HIT, "fresh");
        }
        boolean mustRevalidate = forbidsStale(res);
        if (!mustRevalidate && freshnessLeftMs <= 0 && req.has("max-stale") && (maxAge.isEmpty())) {
            Optional<Duration> maxStale = req.seconds("max-stale");
            long staleForMs = -freshnessLeftMs;
            if (maxStale.isEmpty() || staleForMs <= maxStale.get().toMillis()) {
                return new Decision(Action.STALE_HIT, "max-stale"); // §5.2.1.2
            }
        }
        if (onlyIfCached) {
            return new Decision(Action.UNSATISFIABLE, "stale");
        }
        // RFC 5861 §3: within the origin's stale-while-revalidate window the stale response is served at once while
        // it is refreshed. Not when the client bounded the age or asked for freshness left (§5.2.1.1, §5.2.1.3: it
        // "does not wish to receive a stale response"), and not when the page is stale only by the client's measure.
        boolean clientBounded = maxAge.isPresent() || minFresh.isPresent();
        if (!mustRevalidate && !clientBounded && freshnessLeftMs <= 0 && page.isWithinGrace(now)
                && now.toEpochMilli() < windowEnd(page, res, "stale-while-revalidate")) {
            return new Decision(Action.STALE_REFRESH, "stale");
        }
        // Past that window (or without one) the origin is asked first; within stale-if-error the stale copy is the
        // fallback if it fails (servesStaleOnError).
        return new Decision(revalidateOrMiss, "stale");
    }
}
