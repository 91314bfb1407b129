package io.outputcache.internal.engine;

import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.Cookies;
import io.outputcache.internal.policy.LeakGuard;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.StoreDecision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * The servlet side of the {@link LeakGuard}: collects this request's per-user values after the render and turns
 * a store decision into a {@link Refusal#LEAK_GUARD} refusal when the body contains one. The log line names the
 * path and the kind of value, never the value (it is a secret), at most once per path per error-log-interval.
 */
final class LeakCheck {
    private final OutputCacheConfig config;
    private final LeakGuard guard;
    private final ThrottledLog log;

    LeakCheck(OutputCacheConfig config, ThrottledLog log) {
        this.config = config;
        this.guard = new LeakGuard(config.leakGuardMinLength());
        this.log = log;
    }

    /** The decision unchanged, or a refusal when a storable body carries a value of this request's user. */
    StoreDecision screen(StoreDecision decision, HttpServletRequest request, HeaderMap requestHeaders, byte[] body) {
        if (!config.leakGuard() || !(decision instanceof StoreDecision.Store) || body.length == 0) {
            return decision;
        }
        var found = guard.find(body, secrets(request, requestHeaders));
        if (found.isEmpty()) {
            return decision;
        }
        String path = request.getRequestURI(); // no query: it may itself carry a token
        log.warn("leak-guard:" + path, "did not store " + path + ": the page contains this request's " + found.get()
                + " (leak guard); mark the page private or exclude it from the rule");
        return new StoreDecision.Refuse(Refusal.LEAK_GUARD, Refusal.LEAK_GUARD.label() + "-"
                + found.get().replace(' ', '-').toLowerCase(java.util.Locale.ROOT));
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
