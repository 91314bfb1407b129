package io.outputcache.internal.engine;

import io.outputcache.internal.fragment.FragmentScreen;
import io.outputcache.internal.policy.FragmentPolicy;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.servlet.IdentityWatch;
import io.outputcache.internal.servlet.ServletFacts;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * The engine's {@link FragmentScreen}: the page defences for fragments, with the page's leak guard secrets
 * ({@link LeakCheck}). The filter's own questions about the user go through {@link IdentityWatch#unwatched}, so
 * that asking them never makes the page being rendered personal.
 */
final class FragmentDefences implements FragmentScreen {
    private final LeakCheck leakCheck;

    FragmentDefences(LeakCheck leakCheck) {
        this.leakCheck = leakCheck;
    }

    @Override
    public Optional<String> request(HttpServletRequest request) {
        return IdentityWatch.unwatched(() -> FragmentPolicy.request(request.getHeader("Authorization") != null,
                Boolean.TRUE.equals(request.getAttribute(PAGE_BYPASSED)),
                IdentityWatch.validSession(request) || IdentityWatch.hasPrincipal(request)));
    }

    @Override
    public Optional<String> body(HttpServletRequest request, byte[] body) {
        // URL rewriting (encodeURL, which Thymeleaf's @{} calls) writes the session id into links.
        if (FragmentPolicy.hasUrlSessionId(body)) {
            return Optional.of("jsessionid");
        }
        return IdentityWatch.unwatched(() -> leakCheck.find(request, ServletFacts.request(request).headers(), body))
                .map(kind -> Refusal.LEAK_GUARD.label() + "-" + kind.replace(' ', '-').toLowerCase(Locale.ROOT));
    }
}
