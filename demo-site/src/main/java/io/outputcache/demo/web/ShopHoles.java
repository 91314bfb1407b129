package io.outputcache.demo.web;

import io.outputcache.OutputCache;

/**
 * The shop's per-user parts inside shared pages (see {@code docs/fragments.md}): the header's cart count and the
 * add-to-cart forms' token. Templates mark them {@code oc:hole="cartCount"} and {@code oc:hole="cartToken"}; a
 * cached page or header stores a marker there, and these renderers fill it for each request. Their markup is
 * the same as the templates' own, so a page looks the same filled or rendered in place.
 */
public final class ShopHoles {
    private ShopHoles() {
    }

    /** Registers the renderers on the cache and reports its fragment counters on {@code /_stats}. */
    public static void register(OutputCache cache, DemoServices services) {
        cache.fragments().registerHole("cartCount", (request, response) -> {
            CartView cart = new CartView(services.carts(), CartView.cartId(request));
            return "<span class=\"cart-count\">" + cart.getCount() + "</span>";
        });
        cache.fragments().registerHole("cartToken", (request, response) -> {
            CartView cart = new CartView(services.carts(), CartView.cartId(request));
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
