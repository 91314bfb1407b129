package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The shop's per-user parts inside shared pages (see {@code docs/fragments.md}): the header's cart count and the
 * add-to-cart forms' token. Templates mark them {@code oc:hole="cartCount"} and {@code oc:hole="cartToken"}; a
 * cached page or header stores a marker there, and these renderers fill it for each request. Their markup is
 * the same as the templates' own, so a page looks the same filled or rendered in place.
 */
public final class ShopHoles {
    private static final String CART_ATTRIBUTE = ShopHoles.class.getName() + ".cart";

    private ShopHoles() {
    }

    /** Registers the renderers on the cache and reports its fragment counters on {@code /_stats}. */
    public static void register(OutputCache cache, DemoServices services) {
        cache.fragments().registerHole("cartCount", (request, response) -> {
            CartView cart = cart(request, services);
            return "<span class=\"cart-count\">" + cart.getCount() + "</span>";
        });
        cache.fragments().registerHole("cartToken", (request, response) -> {
            CartView cart = cart(request, services);
            return "<input type=\"hidden\" name=\"token\" class=\"cart-token\" value=\"" + attribute(cart.getToken())
                    + "\">";
        });
        services.fragmentCounts(new DemoServices.FragmentCounts() {
            @Override
            public long hits() {
                return cache.stats().fragmentHits();
            }

            @Override
            public long misses() {
                return cache.stats().fragmentMisses();
            }
        });
    }

    /**
     * The request's cart, looked up once for both holes (the cookie is read once, and a cart's contents are read
     * from the store once even when a page shows the count in two places). Kept on the request only: it is this
     * visitor's.
     */
    static CartView cart(HttpServletRequest request, DemoServices services) {
        if (request.getAttribute(CART_ATTRIBUTE) instanceof CartView cart) {
            return cart;
        }
        CartView cart = new CartView(services.carts(), CartView.cartId(request));
        request.setAttribute(CART_ATTRIBUTE, cart);
        return cart;
    }

    /** Escapes a value for a double-quoted HTML attribute. */
    static String attribute(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
