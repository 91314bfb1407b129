package io.outputcache.demo.web;

import io.outputcache.demo.shop.CartService;
import io.outputcache.demo.shop.DataStoreUnavailableException;
import io.outputcache.demo.shop.Product;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-user part of the shop: {@code GET /cart} and the {@code POST /cart/add|remove|clear} actions. Every
 * response says {@code Cache-Control: private, no-store}, and no cache rule covers {@code /cart}: a cart page is
 * never shared, even if a rule were widened by mistake.
 */
public final class CartServlet extends HttpServlet {
    private transient DemoServices services;
    private transient Pages pages;

    @Override
    public void init() {
        services = DemoServices.from(getServletContext());
        pages = new Pages(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        response.setHeader("Cache-Control", "private, no-store");
        String path = request.getPathInfo();
        if (path != null && !path.equals("/")) {
            response.sendError(404);
            return;
        }
        String id = CartView.cartId(request);
        Map<Integer, Integer> contents;
        try {
            contents = id == null ? Map.of() : services.carts().contents(id);
        } catch (DataStoreUnavailableException e) {
            unavailable(request, response, e, start);
            return;
        }
        List<Product> products = services.products().products(new ArrayList<>(contents.keySet()));
        List<CartService.Line> lines = CartService.lines(contents, products);
        long total = lines.stream().mapToLong(l -> l.product().priceCents() * l.quantity()).sum();
        if (id != null) {
            setCookie(request, response, id); // slide the cookie's expiry with the cart's
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("lines", lines);
        model.put("total", Product.formatCents(total));
        model.put("itemCount", lines.stream().mapToInt(CartService.Line::quantity).sum());
        pages.render(request, response, 200, "cart", model, start);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        response.setHeader("Cache-Control", "private, no-store");
        String action = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (!sameOrigin(request)) {
            text(response, 403, "cross-site form posts are not accepted");
            return;
        }
        String id = CartView.cartId(request);
        CartService carts = services.carts();
        if (id != null && !carts.tokenMatches(id, request.getParameter("token"))) {
            text(response, 403, "the form token does not match your cart; reload the page and try again");
            return;
        }
        try {
            switch (action) {
                case "/add" -> {
                    Optional<Integer> productId = ShopServlet.positiveInt(request.getParameter("productId"));
                    int quantity = ShopServlet.positiveInt(Optional.ofNullable(request.getParameter("quantity")).orElse("1"))
                            .filter(q -> q <= 99).orElse(0);
                    if (productId.isEmpty() || quantity == 0
                            || services.products().product(productId.get()).isEmpty()) {
                        text(response, 400, "productId must name a product and quantity must be 1-99");
                        return;
                    }
                    if (id == null) {
                        id = carts.newId();
                    }
                    carts.add(id, productId.get(), quantity);
                    setCookie(request, response, id);
                }
                case "/remove" -> {
                    Optional<Integer> productId = ShopServlet.positiveInt(request.getParameter("productId"));
                    if (id != null && productId.isPresent()) {
                        carts.remove(id, productId.get());
                    }
                }
                case "/clear" -> {
                    if (id != null) {
                        carts.clear(id);
                    }
                }
                default -> {
                    text(response, 404, "no such cart action");
                    return;
                }
            }
        } catch (DataStoreUnavailableException e) {
            unavailable(request, response, e, start);
            return;
        }
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + safeBack(request.getParameter("back")));
    }

    /**
     * The cookie carries only the opaque cart id: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on
     * cross-site posts), Secure when the request came over TLS, and a max age that slides with the cart.
     */
    static void setCookie(HttpServletRequest request, HttpServletResponse response, String id) {
        Cookie cookie = new Cookie(CartService.COOKIE, id);
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setMaxAge((int) CartService.TTL.toSeconds());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    /** A browser says where a form was posted from; a post from another origin is refused. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            return o.getScheme().equals(request.getScheme()) && o.getHost() != null
                    && o.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Only a path of this site: never "//host" or a full URL (no open redirect). */
    private static String safeBack(String back) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")
                || back.chars().anyMatch(c -> c < 0x20)) {
            return "/cart";
        }
        return back;
    }

    /**
     * The cart lives only in the data store, so while it is down the cart answers at once that it cannot, instead of
     * waiting for it: 503 with {@code Retry-After} (RFC 9110 section 15.6.4 and 10.2.3), in whole seconds until the
     * store's breaker lets its next probe through, at least one.
     */
    private void unavailable(HttpServletRequest request, HttpServletResponse response, DataStoreUnavailableException e,
                             long start) throws IOException {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        pages.render(request, response, 503, "cart-unavailable", Map.of("retryAfter", seconds), start);
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(message);
    }
}
