package io.outputcache.demo.web;

import io.outputcache.demo.shop.CartService;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

/**
 * The visitor's cart as the header and the add-to-cart forms see it (template variable {@code cart}). Read lazily,
 * so a page that shows neither the count nor a form does not touch the cart store. A visitor without a cart
 * cookie has count 0 and an empty token (the first add creates the cart).
 */
public final class CartView {
    private final CartService carts;
    private final String id;
    private Map<Integer, Integer> contents;

    CartView(CartService carts, String id) {
        this.carts = carts;
        this.id = id;
    }

    /** The cart id from the request's cookie, if it has the shape of one. */
    public static String cartId(HttpServletRequest request) {
        if (request.getHeader("Cookie") == null) {
            return null; // a first visit: no cookie to parse (the common case on a shop's cached pages)
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (CartService.COOKIE.equals(c.getName()) && CartService.isWellFormed(c.getValue())) {
                return c.getValue();
            }
        }
        return null;
    }

    public int getCount() {
        if (id == null) {
            return 0;
        }
        try {
            return contents().values().stream().mapToInt(Integer::intValue).sum();
        } catch (RuntimeException e) {
            // The header must not fail because the cart store is down; the cart page says what happened.
            return 0;
        }
    }

    public String getToken() {
        return id == null ? "" : carts.token(id);
    }

    Map<Integer, Integer> contents() {
        if (contents == null) {
            contents = id == null ? Map.of() : carts.contents(id);
        }
        return contents;
    }
}
