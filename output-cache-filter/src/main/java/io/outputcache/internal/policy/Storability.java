package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.key.PathNormalizer;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * May this response be stored, and for how long? A pure decision from the request, the response, the rule and
 * the clock. Each refusal is an early return with its reason, in the order a reader would check them.
 *
 * <p>Output mode is strict (an output cache sees pages the application never meant to share): a response that
 * sets a cookie, is private, forbids storing or caching, varies on something not keyed, or answers an
 * authorised request is refused whatever its lifetime. HTTP mode follows RFC 9111 §3 as a shared cache.
 */
public final class Storability {

    /** Status codes whose caching rules this cache implements (for must-understand, RFC 9111 §5.2.2.3). */
    static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 403, 404, 405,
            410, 414, 421, 451, 500, 501, 502, 503, 504);

    /** Heuristically cacheable statuses, RFC 9110 §15.1. */
    static final Set<Integer> HEURISTICALLY_CACHEABLE = CacheRule.STORABLE_STATUSES;

    private Storability() {
    }

    /**
     * @param requestTime  when the request was passed on to the application (RFC 9111 §4.2.3 request_time)
     * @param responseTime when the application's response was complete (response_time)
     */
    public static StoreDecision decide(RequestFacts request, ResponseFacts response, CacheRule rule,
                                       Instant requestTime, Instant responseTime) {
        return decide(request, response, rule, requestTime, responseTime, TargetedCacheControl.DEFAULT);
    }

    /**
     * As {@link #decide(RequestFacts, ResponseFacts, CacheRule, Instant, Instant)}, with this cache's target list
     * for targeted cache control (RFC 9213; HTTP mode only).
     */
    public static StoreDecision decide(RequestFacts request, ResponseFacts response, CacheRule rule,
                                       Instant requestTime, Instant responseTime, TargetedCacheControl targets) {
        if (!request.isGetOrHead()) {
            return new StoreDecision.Refuse(Refusal.METHOD);
        }
        if (response.capture() != ResponseFacts.Capture.COMPLETE) {
            return new StoreDecision.Refuse(response.capture().refusal());
        }
        // Web cache deception: a dynamic page answered under a static-looking path must not be stored there.
        Optional<String> mismatch = PathNormalizer.normalize(request.rawPath())
                .flatMap(path -> StaticExtensions.mismatch(path, response.status(), response.headers().first("content-type")));
        if (mismatch.isPresent()) {
            return new StoreDecision.Refuse(Refusal.TYPE_MISMATCH, Refusal.TYPE_MISMATCH.label() + "-" + mismatch.get());
        }
        // Set-Cookie2 (RFC 2965, obsoleted by RFC 6265) only ever carries one user's state: stripping it would
        // store the personal body that came with it, so the response is refused in both modes.
        if (response.headers().contains("set-cookie2")) {
            return new StoreDecision.Refuse(Refusal.SET_COOKIE2);
        }
        return rule.mode() == CacheMode.OUTPUT
                ? outputMode(request, response, rule, requestTime, responseTime)
                : httpMode(request, response, rule, requestTime, responseTime, targets);
    }

    private static StoreDecision outputMode(RequestFacts request, ResponseFacts response, CacheRule rule,
                                            Instant requestTime, Instant responseTime) {
        HeaderMap headers = response.headers();
        CacheControl cc = response.cacheControl();
        if (!rule.cacheableStatuses().contains(response.status())) {
            return new StoreDecision.Refuse(Refusal.STATUS, Refusal.STATUS.label() + "-" + response.status());
        }
        // Replaying a Set-Cookie would hand one user's session to everyone.
        if (headers.contains("set-cookie")) {
            return new StoreDecision.Refuse(Refusal.SET_COOKIE);
        }
        if (cc.has("private")) {
            return new StoreDecision.Refuse(Refusal.PRIVATE);
        }
        if (cc.has("no-store")) {
            return new StoreDecision.Refuse(Refusal.NO_STORE);
        }
        if (cc.has("no-cache")) {
            return new StoreDecision.Refuse(Refusal.NO_CACHE);
        }
        Optional<StoreDecision.Refuse> vary = checkVary(headers, rule);
        if (vary.isPresent()) {
            return vary.get();
        }
        // Someone else's encoding cannot be served to a client that did not ask for it.
        if (isContentEncoded(headers)) {
            return new StoreDecision.Refuse(Refusal.CONTENT_ENCODED);
        }
        Duration fresh = rule.ttl();
        long initialAge = 0;
        if (rule.useOriginMaxAge()) {
            Optional<Duration> origin = cc.seconds("s-maxage").or(() -> cc.seconds("max-age"));
            if (origin.isPresent()) {
                initialAge = Freshness.initialAgeSeconds(headers, requestTime, responseTime);
                fresh = origin.get().minusSeconds(initialAge);
                if (fresh.isNegative() || fresh.isZero()) {
                    return new StoreDecision.Refuse(Refusal.NOT_FRESH);
                }
            }
        }
        Duration grace = rule.useOriginStale() ? originStaleOutputMode(cc, rule.grace()) : rule.grace();
        return new StoreDecision.Store(fresh, grace, fresh.plus(grace), initialAge);
    }

    private static StoreDecision httpMode(RequestFacts request, ResponseFacts response, CacheRule rule,
                                          Instant requestTime, Instant responseTime, TargetedCacheControl targets) {
        HeaderMap headers = response.headers();
        // A targeted field (RFC 9213), else Surrogate-Control meant for this cache, replaces Cache-Control for it.
        ResponseDirectives directives = ResponseDirectives.of(headers, targets);
        CacheControl cc = directives.cacheControl();
        CacheControl requestCc = request.cacheControl();
        int status = response.status();
        // §3: only final responses; 206 needs range support this cache does not have; a 304 is never stored itself.
        if (status < 200 || status == 304) {
            return new StoreDecision.Refuse(Refusal.STATUS, Refusal.STATUS.label() + "-" + status);
        }
        if (status == 206) {
            return new StoreDecision.Refuse(Refusal.PARTIAL_CONTENT);
        }
        // §5.2.2.3: must-understand limits storing to status codes whose caching rules this cache implements, and
        // for those it overrides no-store.
        boolean understood = cc.has("must-understand") && UNDERSTOOD.contains(status);
        if (cc.has("must-understand") && !understood) {
            return new StoreDecision.Refuse(Refusal.STATUS, "must-understand-" + status);
        }
        if (requestCc.has("no-store") || (cc.has("no-store") && !understood)) {
            return new StoreDecision.Refuse(Refusal.NO_STORE);
        }
        // §5.2.2.7: a shared cache must not store a private response (qualified private also covers the listed fields,
        // which this cache does not strip, so it refuses either way).
        if (cc.has("private")) {
            return new StoreDecision.Refuse(Refusal.PRIVATE);
        }
        // RFC 9111 §3 would store a Set-Cookie response, but a cookie is usually one user's (a session): refused,
        // as common CDNs do, unless the rule says the origin's cookies are for everyone. A qualified
        // no-cache="set-cookie" (§5.2.2.4) keeps the field out of the store, so the rest may be stored.
        if (headers.contains("set-cookie") && !rule.sharing().storeSetCookie()
                && !NoCache.listedFields(cc).contains("set-cookie")) {
            return new StoreDecision.Refuse(Refusal.SET_COOKIE);
        }
        // §3.5: a response to an authorised request is shared only when the origin explicitly allows it.
        if (request.headers().contains("authorization")
                && !(cc.has("must-revalidate") || cc.has("public") || cc.has("s-maxage"))) {
            return new StoreDecision.Refuse(Refusal.AUTHORIZATION);
        }
        if (varyIncludes(headers, "*")) {
            return new StoreDecision.Refuse(Refusal.VARY_STAR);
        }
        // A content-coded response is stored as sent: without Vary: Accept-Encoding the origin says every client
        // gets these bytes (RFC 9110 §12.5.3); with it, each coding is its own variant (secondary key).
        Optional<Duration> lifetime = Freshness.explicitLifetime(headers, cc, directives.expiresApplies(), responseTime);
        boolean explicit = lifetime.isPresent() || cc.has("public");
        if (!explicit && !HEURISTICALLY_CACHEABLE.contains(status)) {
            return new StoreDecision.Refuse(Refusal.NOT_CACHEABLE);
        }
        long initialAge = Freshness.initialAgeSeconds(headers, requestTime, responseTime);
        Duration fresh = lifetime.orElse(Duration.ZERO).minusSeconds(initialAge);
        if (fresh.isNegative() || NoCache.requiresValidation(cc)) {
            fresh = Duration.ZERO; // §5.2.2.4: stored, but every use must be validated first
        }
        boolean hasValidator = headers.contains("etag") || headers.contains("last-modified");
        if (fresh.isZero() && !hasValidator) {
            return new StoreDecision.Refuse(Refusal.NOT_FRESH);
        }
        // Stale responses are served without validation only when the origin says so (§4.2.4, RFC 5861), and never
        // when it demands revalidation. In HTTP mode the origin decides, so its stale-while-revalidate and
        // stale-if-error apply whatever the rule's use-origin-stale (an output-mode switch) says.
        boolean mustRevalidate = cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage")
                || NoCache.requiresValidation(cc);
        Duration serveStale = mustRevalidate ? Duration.ZERO : originGrace(cc).orElse(Duration.ZERO);
        // Keep stale entries that can be revalidated for a while: a 304 is cheaper than a full response.
        Duration keep = fresh.plus(serveStale);
        if (hasValidator) {
            keep = keep.plus(rule.grace().compareTo(Duration.ofMinutes(1)) > 0 ? rule.grace() : Duration.ofMinutes(1));
        }
        return new StoreDecision.Store(fresh, serveStale, keep, initialAge);
    }

    /**
     * Output mode with {@code use-origin-stale}: how long a stale copy is kept for serving. The origin's
     * {@code must-revalidate} / {@code proxy-revalidate} forbid serving it stale at all (RFC 9111 §5.2.2.2); its
     * stale directives (RFC 5861) replace the rule's grace; without either the rule's grace applies.
     */
    static Duration originStaleOutputMode(CacheControl cc, Duration ruleGrace) {
        if (cc.has("must-revalidate") || cc.has("proxy-revalidate")) {
            return Duration.ZERO;
        }
        return originGrace(cc).orElse(ruleGrace);
    }

    /** The longer of stale-while-revalidate and stale-if-error, if the origin gave either. */
    private static Optional<Duration> originGrace(CacheControl cc) {
        Optional<Duration> swr = cc.seconds("stale-while-revalidate");
        Optional<Duration> sie = cc.seconds("stale-if-error");
        if (swr.isEmpty()) {
            return sie;
        }
        if (sie.isEmpty()) {
            return swr;
        }
        return Optional.of(swr.get().compareTo(sie.get()) >= 0 ? swr.get() : sie.get());
    }

    private static Optional<StoreDecision.Refuse> checkVary(HeaderMap headers, CacheRule rule) {
        if (varyIncludes(headers, "*")) {
            return Optional.of(new StoreDecision.Refuse(Refusal.VARY_STAR));
        }
        for (String value : headers.all("vary")) {
            for (String member : value.split(",")) {
                String name = member.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || name.equals("accept-encoding")) {
                    continue; // the filter negotiates gzip itself from one identity copy
                }
                if (!rule.varyHeaders().contains(name)) {
                    return Optional.of(new StoreDecision.Refuse(Refusal.VARY_NOT_KEYED,
                            Refusal.VARY_NOT_KEYED.label() + "-" + name));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean varyIncludes(HeaderMap headers, String name) {
        for (String value : headers.all("vary")) {
            for (String member : value.split(",")) {
                if (member.trim().equalsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isContentEncoded(HeaderMap headers) {
        return headers.first("content-encoding").map(v -> !v.trim().equalsIgnoreCase("identity")).orElse(false);
    }
}
