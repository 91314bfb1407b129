package io.outputcache.demo.web;

import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.demo.DemoServices;
import io.outputcache.demo.shop.CartService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * The library's {@link OutputCacheFilter}, configured the usual way (init-params or a built config), plus two
 * things only the demo needs:
 * <ul>
 *   <li>the run-time switch: when caching is off, requests go straight to the shop;</li>
 *   <li>visitors who have a cart skip the page cache, because the header shows their own cart count and the
 *       add-to-cart form carries their own token. Until those parts can be filled per request inside a cached
 *       page (hole-punching), this is what keeps one user's cart out of another's page.</li>
 * </ul>
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
        cacheSwitch = DemoServices.from(filterConfig.getServletContext()).cacheSwitch();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!cacheSwitch.isOn() || hasCart(request)) {
            chain.doFilter(request, response);
            return;
        }
        super.doFilter(request, response, chain);
    }

    static boolean hasCart(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http) || http.getCookies() == null) {
            return false;
        }
        for (Cookie c : http.getCookies()) {
            if (CartService.COOKIE.equals(c.getName()) && CartService.isWellFormed(c.getValue())) {
                return true;
            }
        }
        return false;
    }
}
