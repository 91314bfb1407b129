package io.outputcache.fragment;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Caches rendered fragments of pages (a header, a footer, a banner) in the same store as the pages, so that the
 * parts every page shares are rendered once per TTL instead of once per request. Reached through
 * {@link io.outputcache.OutputCache#fragments()}; the Thymeleaf dialect ({@code io.outputcache.thymeleaf}) uses it
 * for {@code oc:cache}.
 *
 * <p>The same rules hold as for pages: a store that is slow or down costs a render, never a failed request; one
 * render per fragment and node at a time (others wait for its result); fragments carry tags and
 * {@link io.outputcache.OutputCache#invalidateTag(String)} removes them like pages.
 *
 * <p>It also keeps the {@link HoleRenderer}s that fill the holes ({@code oc:hole}) of cached pages and fragments.
 */
public interface FragmentCache {

    /** A render's output and whether it may be shared with other requests. */
    record Rendered(String html, boolean shareable) {
        public Rendered {
            if (html == null) {
                throw new IllegalArgumentException("a fragment render must not return null");
            }
        }

        /** Output that may be stored and served to everyone with the same vary values. */
        public static Rendered shareable(String html) {
            return new Rendered(html, true);
        }

        /** Output for this request only (e.g. it turned out to hold per-user data): used once, not stored. */
        public static Rendered once(String html) {
            return new Rendered(html, false);
        }
    }

    /** Renders a fragment; may tell the cache that this particular output must not be stored. */
    @FunctionalInterface
    interface Renderer {
        Rendered render();
    }

    /**
     * The stored fragment when a fresh one exists; otherwise renders it (once per node at a time: concurrent
     * callers for the same spec wait for that render), stores it and returns it. Exceptions of the render reach
     * the caller and nothing is stored.
     */
    String getOrCompute(FragmentSpec spec, Renderer renderer);

    /**
     * {@link #getOrCompute(FragmentSpec, Renderer)} for a fragment rendered for {@code request}, with the page
     * defences (docs/fragments.md, "What is never shared"): a request with {@code Authorization}, on a page the
     * filter bypassed, or signed in renders its fragment in place; a render that used its user's identity, or
     * whose body holds this user's session id, CSRF token or name, or a URL-rewritten session id, is used once
     * and not stored. The fragment is keyed by the request's scheme and host. The default ignores the request.
     */
    default String getOrCompute(FragmentSpec spec, HttpServletRequest request, Renderer renderer) {
        return getOrCompute(spec, renderer);
    }

    /** {@link #getOrCompute(FragmentSpec, Renderer)} for a render whose output may always be shared. */
    default String getOrRender(FragmentSpec spec, Supplier<String> render) {
        return getOrCompute(spec, () -> Rendered.shareable(render.get()));
    }

    /**
     * Registers the renderer of the hole {@code name} (letters, digits, {@code . _ -}; up to 64 characters).
     * A page may keep a hole as a marker only when its renderer is registered; otherwise the hole is rendered in
     * place and the page is not stored.
     *
     * @throws IllegalArgumentException when the name is not valid
     */
    void registerHole(String name, HoleRenderer renderer);

    /** The renderer registered for a hole. */
    Optional<HoleRenderer> hole(String name);

    /** Names of the registered holes. */
    Set<String> holes();
}
