package io.outputcache.internal.engine;

import io.outputcache.internal.fragment.DefaultFragmentCache;
import io.outputcache.internal.fragment.HoleRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * The application's chain, with what a render needs put on the request as it is entered: the hole renderers
 * ({@link HoleRegistry#ATTRIBUTE}) and the fragment round, whose fragment lookups are read together and remembered
 * for the path. A hit never enters the chain, so it sets no request attribute (the container makes its attribute
 * map on the first one); a hit whose page has holes gets the registry from {@link Answers}.
 */
final class RenderingChain implements FilterChain {
    private final FilterChain chain;
    private final DefaultFragmentCache fragments;
    private final String rule;
    private final String path;

    /**
     * @param rule the name of the rule that covers the path, or empty
     * @param path the path as the rules see it
     */
    RenderingChain(FilterChain chain, DefaultFragmentCache fragments, String rule, String path) {
        this.chain = chain;
        this.fragments = fragments;
        this.rule = rule;
        this.path = path;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        http.setAttribute(HoleRegistry.ATTRIBUTE, fragments.registry());
        Object round = fragments.openRound(http, rule, path);
        try {
            chain.doFilter(request, response);
        } finally {
            fragments.closeRound(http, round);
        }
    }
}
