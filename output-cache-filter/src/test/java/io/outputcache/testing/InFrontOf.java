package io.outputcache.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

/**
 * A test's filter in front of another one (the cache), registered as one filter in the test server: its
 * {@code init} and {@code destroy} go to the filter behind it, and its {@code doFilter} is the test's, which
 * calls {@link #behind} with whatever it does around it (wrapping the request, authenticating, timing, recording).
 */
public abstract class InFrontOf implements Filter {
    /** The filter this one runs in front of. */
    protected final Filter behind;

    protected InFrontOf(Filter behind) {
        this.behind = behind;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        behind.init(config);
    }

    @Override
    public void destroy() {
        behind.destroy();
    }
}
