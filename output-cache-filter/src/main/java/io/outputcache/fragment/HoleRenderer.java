package io.outputcache.fragment;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Renders one hole of a cached page for the current request: the per-user part (cart count, CSRF token) that the
 * stored page keeps only as a marker. Called on every response that carries the hole, hit or miss (once per
 * response, however often the page holds the hole), before the body is written; keep it cheap (no template parse, at most an in-memory or one-round-trip lookup).
 *
 * <p>The returned text is inserted as HTML, unescaped: escape what comes from users. It replaces the whole
 * element that carried {@code oc:hole}, so return the element too, e.g. {@code <span class="cart">3</span>}.
 * Register it with {@link FragmentCache#registerHole(String, HoleRenderer)}.
 */
@FunctionalInterface
public interface HoleRenderer {

    /**
     * @param request  the request being answered (the real one, with its cookies and session)
     * @param response the response being written; do not write to it or commit it
     * @return the HTML for the hole's place, never {@code null}
     */
    String render(HttpServletRequest request, HttpServletResponse response);
}
