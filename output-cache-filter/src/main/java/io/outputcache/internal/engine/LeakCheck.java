package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.gateway.ThrottledLog;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.Cookies;
import io.outputcache.internal.policy.LeakGuard;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The servlet side of the {@link LeakGuard}: collects this request's per-user values after the render and turns
 * a store decision into a {@link Refusal#LEAK_GUARD} refusal when the body contains one. The log line names the
 * path and the kind of value, never the value (it is a secret), at most once per path per error-log-interval.
 */
final class LeakCheck {
    private final OutputCacheConfig config;
    private final LeakGuard guard;
    private final ThrottledLog log;
    private final Counters counters;

    LeakCheck(OutputCacheConfig config, ThrottledLog log, Counters counters) {
        this.config = config;
        this.guard = new LeakGuard(config.leakGuardMinLength());
        this.log = log;
        this.counters = counters;
    }

    /** The most a gzip body is inflated to for inspection; a larger one is not stored (a zip bomb is not a page). */
    static final int MAX_INFLATED = 32 * 1024 * 1024;

    /**
     * The decision unchanged, or a refusal when a storable response carries a value of this request's user, in its
     * body or in the header fields that would be stored with it.
     *
     * @param stored          the header fields that would be stored ({@code StoredHeaders.select})
     * @param mode            the rule's mode: what an unreadable body means ({@link LeakGuard#whenUnreadable})
     * @param contentEncoding the response's Content-Encoding, if any (HTTP mode stores what the origin encoded;
     *                        output mode never stores an encoded body)
     */
    StoreDecision screen(StoreDecision decision, HttpServletRequest request, HeaderMap requestHeaders, byte[] body,
                         HeaderMap stored, CacheMode mode, String contentEncoding) {
        if (!config.leakGuard() || !(decision instanceof StoreDecision.Store)) {
            return decision;
        }
        LeakGuard.Needles needles = needles(request, requestHeaders); // none for an anonymous request: no scans
        Optional<LeakGuard.Leak> inHeaders = guard.findInHeaders(stored, needles);
        if (inHeaders.isPresent()) {
            return refuse(request, "the response field " + inHeaders.get().field() + " carries this request's "
                    + inHeaders.get().kind(), slug(inHeaders.get().kind()) + "-in-" + inHeaders.get().field());
        }
        if (body.length == 0) {
            return decision;
        }
        Optional<byte[]> readable = readable(body, contentEncoding);
        if (readable.isEmpty() && LeakGuard.whenUnreadable(mode) == LeakGuard.Unreadable.SKIP) {
            // HTTP mode: the origin chose the coding and marked the response shared-cacheable; stored unchecked.
            counters.leakGuardSkipped.increment();
            return decision;
        }
        if (readable.isEmpty()) {
            // A body the guard cannot read is one it cannot vouch for.
            return new StoreDecision.Refuse(Refusal.LEAK_GUARD, Refusal.LEAK_GUARD.label() + "-unreadable-encoding");
        }
        var found = guard.find(readable.get(), needles);
        if (found.isEmpty()) {
            return decision;
        }
        return refuse(request, "the page contains this request's " + found.get(), slug(found.get()));
    }

    private StoreDecision refuse(HttpServletRequest request, String what, String detail) {
        String path = AppPath.raw(request); // no query: it may itself carry a token
        log.warn("leak-guard:" + path, "did not store " + path + ": " + what
                + " (leak guard); mark the page private or exclude it from the rule");
        return new StoreDecision.Refuse(Refusal.LEAK_GUARD, Refusal.LEAK_GUARD.label() + "-" + detail);
    }

    private static String slug(String kind) {
        return kind.replace(' ', '-').toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of this request's per-user value the body contains ({@code session id}, {@code principal}, ...),
     * if any: the check the fragment cache runs on a rendered fragment (off with the leak guard).
     */
    Optional<String> find(HttpServletRequest request, HeaderMap requestHeaders, byte[] body) {
        if (!config.leakGuard() || body.length == 0) {
            return Optional.empty();
        }
        return guard.find(body, needles(request, requestHeaders));
    }

    /** The needles of one request's values and the values they were built from. */
    private record Built(List<LeakGuard.Secret> secrets, LeakGuard.Needles needles) {
        /** A request attribute an application may list or print: never the values. */
        @Override
        public String toString() {
            return "leak guard needles of " + secrets.size() + " values";
        }
    }

    /** Where a request keeps its needles, so a page with several fragments builds them once. */
    private static final String NEEDLES_ATTRIBUTE = LeakCheck.class.getName() + ".needles";

    /**
     * This request's needles, built once per request: rebuilt only when the values changed since (the render
     * may have created the session or signed the user in).
     */
    private LeakGuard.Needles needles(HttpServletRequest request, HeaderMap requestHeaders) {
        List<LeakGuard.Secret> secrets = secrets(request, requestHeaders);
        if (request.getAttribute(NEEDLES_ATTRIBUTE) instanceof Built built && built.secrets().equals(secrets)) {
            return built.needles();
        }
        LeakGuard.Needles needles = guard.needles(secrets);
        request.setAttribute(NEEDLES_ATTRIBUTE, new Built(secrets, needles));
        return needles;
    }

    /** The body as the user would read it: identity as is, gzip inflated (bounded); other encodings: empty. */
    static Optional<byte[]> readable(byte[] body, String contentEncoding) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return Optional.of(body);
        }
        if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
            return Optional.empty();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] inflated = in.readNBytes(MAX_INFLATED + 1);
            return inflated.length > MAX_INFLATED ? Optional.empty() : Optional.of(inflated);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<LeakGuard.Secret> secrets(HttpServletRequest request, HeaderMap headers) {
        List<LeakGuard.Secret> secrets = new ArrayList<>(8);
        secrets.add(new LeakGuard.Secret("session id", request.getRequestedSessionId()));
        try {
            HttpSession session = request.getSession(false);
            if (session != null) {
                secrets.add(new LeakGuard.Secret("session id", session.getId()));
            }
        } catch (IllegalStateException e) {
            // No session support in this context (or the response is committed): nothing to compare.
        }
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            secrets.add(new LeakGuard.Secret("principal", principal.getName()));
        }
        secrets.add(new LeakGuard.Secret("principal", request.getRemoteUser()));
        for (String cookie : config.leakGuardCookies()) {
            Cookies.value(headers, cookie).ifPresent(v -> secrets.add(new LeakGuard.Secret("cookie " + cookie, v)));
        }
        for (String header : config.leakGuardHeaders()) {
            headers.all(header).forEach(v -> secrets.add(new LeakGuard.Secret("header " + header, v)));
        }
        for (String attribute : config.leakGuardAttributes()) {
            if (request.getAttribute(attribute) instanceof CharSequence value) {
                secrets.add(new LeakGuard.Secret("attribute " + attribute, value.toString()));
            }
        }
        return secrets;
    }
}
