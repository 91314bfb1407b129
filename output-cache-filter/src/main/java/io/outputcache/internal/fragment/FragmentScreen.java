package io.outputcache.internal.fragment;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The page defences, applied to fragments: whether a request's fragments may be shared at all, and whether one
 * rendered body may be stored. The engine provides it (it holds the leak guard's secrets collector), so that this
 * package does not depend on the engine. Each answer is the refusal's label, empty when the fragment may be shared.
 */
public interface FragmentScreen {

    /** No defences: every fragment is shared (a fragment cache without a filter in front). */
    FragmentScreen NONE = new FragmentScreen() {
        @Override
        public Optional<String> request(HttpServletRequest request) {
            return Optional.empty();
        }

        @Override
        public Optional<String> body(HttpServletRequest request, byte[] body) {
            return Optional.empty();
        }
    };

    /** Request attribute the engine sets on a request whose page it bypassed. */
    String PAGE_BYPASSED = FragmentScreen.class.getName() + ".page-bypassed";

    /** Why no fragment of this request may be read from or written to the store, if so. */
    Optional<String> request(HttpServletRequest request);

    /** Why this fragment body, rendered for this request, must not be stored, if so. */
    Optional<String> body(HttpServletRequest request, byte[] body);
}
