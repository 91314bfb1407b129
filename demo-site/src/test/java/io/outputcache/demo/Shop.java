package io.outputcache.demo;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: a running demo shop on the test Redis, with small helpers to read what it says. */
final class Shop implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token";

    final DemoServer server;
    final HttpProbe http;
    final String keyPrefix;

    private Shop(DemoServer server, String keyPrefix) {
        this.server = server;
        this.keyPrefix = keyPrefix;
        this.http = new HttpProbe("127.0.0.1", server.port());
    }

    /** A shop on a free port, its own key prefix on the test Redis, and a 1 ms database. */
    static Shop start(java.util.function.Consumer<DemoOptions.Mutable> change) {
        DemoOptions options = DemoOptions.defaults().with(b -> {
            b.port = 0;
            b.redis = java.util.List.of(TestRedis.url());
            b.keyPrefix = TestRedis.newPrefix();
            b.dbLatencyMs = 1;
            b.adminToken = java.util.Optional.of(ADMIN_TOKEN);
        }).with(change);
        try {
            return new Shop(DemoServer.start(options), options.keyPrefix());
        } catch (Exception e) {
            throw new IllegalStateException("the demo did not start: " + e.getMessage(), e);
        }
    }

    static Shop start() {
        return start(b -> { });
    }

    long stat(String name) {
        return number(http.get("/_stats").text(), name);
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no integer field " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Requests a page until it is served from the cache (a few tries: on a very busy machine one store call may time
     * out and cost a render, which is the cache's fail-open rule, not what a test that needs a warm page is about).
     */
    void warm(String path) {
        for (int i = 0; i < 5; i++) {
            if (http.get(path).isHit()) {
                return;
            }
        }
        throw new AssertionError(path + " was not served from the cache after 5 requests");
    }

    HttpProbe.Response get(String path, String... headers) {
        return http.get(path, headers);
    }

    HttpProbe.Response post(String path, Map<String, String> form, String... headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        List<String> h = new ArrayList<>(List.of(headers));
        h.add("Content-Type: application/x-www-form-urlencoded");
        return http.request("POST", path, body.toString().getBytes(StandardCharsets.UTF_8), h.toArray(String[]::new));
    }

    /** The cart id from a response's Set-Cookie. */
    static String cartId(HttpProbe.Response response) {
        for (String c : response.headers("set-cookie")) {
            Matcher m = Pattern.compile("^cart=([^;]*)").matcher(c);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no cart cookie set: " + response.headers());
    }

    static String cartCount(String html) {
        Matcher m = Pattern.compile("<span class=\"cart-count\">([0-9]+)</span>").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no cart count in the page");
        }
        return m.group(1);
    }

    static String token(String html) {
        Matcher m = Pattern.compile("name=\"token\" class=\"cart-token\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no cart token in the page");
        }
        return m.group(1);
    }

    @Override
    public void close() {
        server.close();
    }
}
