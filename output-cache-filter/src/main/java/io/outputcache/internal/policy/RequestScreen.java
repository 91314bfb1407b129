package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.key.RequestGuard;

import java.util.Optional;

/**
 * Every reason a request under a rule must not touch the cache, decided before any lookup, in one place. Pure:
 * the servlet side hands in the request's facts and the path the container dispatched on.
 */
public final class RequestScreen {

    /** What to do with a request. */
    public sealed interface Verdict permits Cacheable, Bypass, Unsafe {
    }

    /** Look it up (and store it) under this key. */
    public record Cacheable(CacheKey key) implements Verdict {
    }

    /** Pass it through untouched; {@code reason} is the label shown in a debug {@code Cache-Status}. */
    public record Bypass(String reason) implements Verdict {
    }

    /**
     * HTTP mode, an unsafe method: pass it through, then invalidate what its response may have changed
     * (RFC 9111 §4.4).
     */
    public record Unsafe() implements Verdict {
    }

    /** The bypass label of a request whose path and query are longer than the rule's {@code max-key-length}. */
    public static final String KEY_TOO_LONG = "key-too-long";

    private final CacheRule rule;
    private final KeyBuilder keys;
    private final RequestGuard guard;

    public RequestScreen(CacheRule rule, KeyBuilder keys, RequestGuard guard) {
        this.rule = rule;
        this.keys = keys;
        this.guard = guard;
    }

    /**
     * @param containerPath the decoded path the container dispatched on, or empty when it did not say
     */
    public Verdict screen(RequestFacts request, Optional<String> containerPath) {
        if (!request.isGetOrHead()) {
            return rule.mode() == CacheMode.HTTP ? new Unsafe() : new Bypass(KeyBuilder.BypassReason.METHOD.label());
        }
        KeyBuilder.Result keyed = keys.build(request);
        if (keyed instanceof KeyBuilder.Bypass bypass) {
            return new Bypass(bypass.reason().label());
        }
        // Bounded key space: every distinct URL may become an entry (and a tag member), so one client must not be
        // able to name entries with megabytes of path and query. Such URLs are not pages anyone links to.
        if (keyLength((KeyBuilder.Keyed) keyed) > rule.keyShape().maxKeyLength()) {
            return new Bypass(KEY_TOO_LONG);
        }
        // URL/method override headers, and paths the container resolved differently from the key (docs/security.md).
        Optional<KeyBuilder.BypassReason> guarded = guard.check(request, containerPath);
        if (guarded.isPresent()) {
            return new Bypass(guarded.get().label());
        }
        // A GET with a body has no defined meaning (RFC 9110 §9.3.1); it must not share a page with plain GETs.
        if (request.hasBody()) {
            return new Bypass("request-body");
        }
        // In output mode a request with credentials neither reads nor writes shared pages: a page answered to
        // credentials is usually that user's page. (HTTP mode follows RFC 9111 §3.5 in Storability instead.)
        if (rule.mode() == CacheMode.OUTPUT && !rule.allowAuthorized() && request.headers().contains("authorization")) {
            return new Bypass(Refusal.AUTHORIZATION.label());
        }
        return new Cacheable(((KeyBuilder.Keyed) keyed).key());
    }

    /** The length of the path and query that name the page in the key (the rule's max-key-length counts it). */
    static int keyLength(KeyBuilder.Keyed keyed) {
        String query = keyed.normalizedQuery();
        return keyed.pathWithinApp().length() + (query.isEmpty() ? 0 : 1 + query.length());
    }
}
