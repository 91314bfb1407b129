package io.outputcache.demo.web;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheException;
import io.outputcache.demo.shop.DatabaseException;
import io.outputcache.demo.shop.Product;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin actions, each needing the admin token (form field {@code token} or header {@code X-Admin-Token}):
 * {@code POST /admin/cache} ({@code state=on|off}), {@code POST /admin/price} ({@code id}, {@code price} like
 * {@code 12.50}), {@code POST /admin/purge} ({@code path=/product/42} or {@code all=true}, run by the library's purge
 * endpoint). {@code GET /admin} shows
 * the forms. A form post is answered with a redirect back to the page; anything else with one line of text.
 */
public final class AdminServlet extends HttpServlet {
    private transient DemoServices services;
    private transient Pages pages;
    private transient byte[] tokenDigest;

    /** The purge endpoint's answer: {@code {"removed":{...},"total":N}}. */
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final HttpClient PURGE_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public void init() {
        services = DemoServices.from(getServletContext());
        pages = new Pages(getServletContext());
        tokenDigest = sha256(services.adminToken());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        response.setHeader("Cache-Control", "private, no-store");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("message", Optional.ofNullable(request.getParameter("msg")).orElse(""));
        model.put("cacheState", services.cacheSwitch().label());
        pages.render(request, response, 200, "admin", model, start);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "private, no-store");
        String token = Optional.ofNullable(request.getHeader("X-Admin-Token")).orElse(request.getParameter("token"));
        if (!tokenMatches(token)) {
            answer(request, response, 403, "the admin token is missing or wrong");
            return;
        }
        String action = Optional.ofNullable(request.getPathInfo()).orElse("");
        try {
            switch (action) {
                case "/cache" -> cache(request, response);
                case "/price" -> price(request, response);
                case "/purge" -> purge(request, response);
                default -> answer(request, response, 404, "no such admin action; use /admin/cache, /admin/price or /admin/purge");
            }
        } catch (OutputCacheException e) {
            answer(request, response, 503, "the page cache could not be reached: " + e.getMessage());
        } catch (IllegalStateException | DatabaseException e) {
            answer(request, response, 503, e.getMessage());
        }
    }

    private void cache(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String state = request.getParameter("state");
        if (!"on".equals(state) && !"off".equals(state)) {
            answer(request, response, 400, "state must be on or off");
            return;
        }
        services.cacheSwitch().set(state.equals("on"));
        answer(request, response, 200, "caching is " + state);
    }

    private void price(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Integer> id = ShopServlet.positiveInt(request.getParameter("id"));
        Optional<Long> cents = parsePrice(request.getParameter("price"));
        if (id.isEmpty() || cents.isEmpty()) {
            answer(request, response, 400, "id must be a product id and price an amount like 12.50 (0.01-99999.99)");
            return;
        }
        Optional<Product> changed = services.products().changePrice(id.get(), cents.get());
        if (changed.isEmpty()) {
            answer(request, response, 404, "no product " + id.get());
            return;
        }
        String categoryTag = "category-" + changed.get().categorySlug();
        long pages = outputCache().map(c -> c.invalidateTag("product-" + id.get()) + c.invalidateTag(categoryTag))
                .orElse(0L);
        answer(request, response, 200, "product " + id.get() + " now costs " + changed.get().price() + "; "
                + pages + " cached pages invalidated");
    }

    /**
     * Purges through the library's purge endpoint ({@link DemoServices#PURGE_PATH}), as an operator's script
     * would: a POST on this server with the purge token in its header. The admin page keeps its own form and its
     * admin token; the purge token never leaves the server.
     */
    private void purge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean all = "true".equals(request.getParameter("all"));
        String path = request.getParameter("path");
        if (!all && (path == null || !path.startsWith("/"))) {
            answer(request, response, 400, "give path=/some/page or all=true");
            return;
        }
        String form = all ? "all=true" : "path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        String host = request.getLocalAddr().contains(":") ? "[" + request.getLocalAddr() + "]" : request.getLocalAddr();
        HttpRequest purge = HttpRequest.newBuilder(URI.create(request.getScheme() + "://" + host + ":"
                        + request.getLocalPort() + request.getContextPath() + DemoServices.PURGE_PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Purge-Token", services.purgeToken())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> answer;
        try {
            answer = PURGE_CLIENT.send(purge, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(request, response, 503, "the purge was interrupted");
            return;
        }
        if (answer.statusCode() != 200) {
            answer(request, response, answer.statusCode() == 400 ? 400 : 503, "the purge endpoint answered "
                    + answer.statusCode() + ": " + answer.body());
            return;
        }
        Matcher total = TOTAL.matcher(answer.body());
        answer(request, response, 200, all ? "every cached page was removed"
                : (total.find() ? total.group(1) : "?") + " cached variants of " + path + " removed");
    }

    private Optional<OutputCache> outputCache() {
        return DemoServices.outputCache(getServletContext());
    }

    /** Compares digests with {@link MessageDigest#isEqual}: the time taken does not depend on how much matched. */
    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(tokenDigest, sha256(given));
    }

    static Optional<Long> parsePrice(String text) {
        if (text == null || !text.matches("[0-9]{1,5}(\\.[0-9]{1,2})?")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.");
        long cents = Long.parseLong(parts[0]) * 100
                + (parts.length == 2 ? Long.parseLong((parts[1] + "0").substring(0, 2)) : 0);
        return cents == 0 ? Optional.empty() : Optional.of(cents);
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if ("form".equals(request.getParameter("from"))) {
            response.setStatus(303);
            response.setHeader("Location", request.getContextPath() + "/admin?msg="
                    + URLEncoder.encode(message, StandardCharsets.UTF_8));
            return;
        }
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(message);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
