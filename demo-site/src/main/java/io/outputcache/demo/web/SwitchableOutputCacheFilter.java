package io.outputcache.demo.web;

import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/**
 * The library's {@link OutputCacheFilter}, configured the usual way (init-params or a built config), plus what only
 * the demo needs: the run-time switch (when caching is off, requests go straight to the shop; the header, footer
 * and banner still come from the fragment cache), and the shop's hole renderers ({@link ShopHoles}), so that
 * visitors with a cart share the cached pages and still see their own cart count and token.
 */
public class SwitchableOutputCacheFilter extends OutputCacheFilter {
    private CacheSwitch cacheSwitch;

    /** For {@code web.xml}: configured by init-params. */
    public SwitchableOutputCacheFilter() {
        super();
    }

    public SwitchableOutputCacheFilter(OutputCacheConfig config) {
        super(config);
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        super.init(filterConfig);
        DemoServices services = DemoServices.from(filterConfig.getServletContext());
        cacheSwitch = services.cacheSwitch();
        ShopHoles.register(outputCache(), services);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!cacheSwitch.isOn()) {
            chain.doFilter(request, response);
            return;
        }
        super.doFilter(request, response, chain);
    }
}
