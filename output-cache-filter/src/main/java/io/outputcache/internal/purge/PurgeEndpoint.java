package io.outputcache.internal.purge;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheException;
import io.outputcache.config.PurgeSettings;
import io.outputcache.internal.gateway.ThrottledLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The purge endpoint: {@code POST purge-path} with the token in its header removes pages by tag, by path (every
 * variant) or all of them, and answers with what it removed as JSON. The filter hands it the requests for its
 * path before any rule is looked at, so the endpoint's answers are never cached and never reach the application.
 *
 * <p>The order of the checks: the method (405), a token in the query string (400: refused before it could
 * count), the token (401 / 403, no store call made), the parameters (400), the rate (429 with
 * {@code Retry-After}: only purges that would run spend from the bucket, so that someone without the token
 * cannot lock the operators out), then the store (503 when it cannot be reached).
 */
public final class PurgeEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache.purge");

    private final PurgeSettings settings;
    private final PurgeToken token;
    private final TokenBucket bucket;
    private final Clock clock;
    private final OutputCache cache;
    private final ThrottledLog refusals;

    /** @param refusals where refused tokens are logged: at most once per interval, so that guessing cannot flood the log */
    public PurgeEndpoint(PurgeSettings settings, OutputCache cache, Clock clock, ThrottledLog refusals) {
        this.refusals = refusals;
        this.settings = settings;
        this.token = new PurgeToken(settings.token());
        this.clock = clock;
        this.bucket = new TokenBucket(settings.ratePerSecond(), clock.instant());
        this.cache = cache;
    }

    /** Whether a request for this path within the application (normalised) is the endpoint's. */
    public boolean covers(String appPath) {
        return settings.path().equals(appPath);
    }

    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            answer(response, 405, error("a purge is a POST"));
            return;
        }
        Set<String> queryNames = queryNames(request.getQueryString());
        Optional<PurgeOrder.Refused> tokenInQuery = PurgeOrder.tokenInQuery(queryNames, settings.tokenHeader());
        if (tokenInQuery.isPresent()) {
            answer(response, 400, error(tokenInQuery.get().reason()));
            return;
        }
        switch (token.check(request.getHeader(settings.tokenHeader()))) {
            case MISSING -> {
                response.setHeader("WWW-Authenticate", "PurgeToken header=\"" + settings.tokenHeader() + "\"");
                answer(response, 401, error("a purge needs the token in the " + settings.tokenHeader() + " header"));
                return;
            }
            case WRONG -> {
                refusals.warn("purge-wrong-token", "purge refused: a wrong token (last from "
                        + request.getRemoteAddr() + ")");
                answer(response, 403, error("the purge token is wrong"));
                return;
            }
            case VALID -> {
                // go on
            }
        }
        PurgeOrder.Reading reading = PurgeOrder.read(request.getParameterMap());
        if (reading instanceof PurgeOrder.Refused refused) {
            answer(response, 400, error(refused.reason()));
            return;
        }
        Optional<Duration> wait = bucket.take(clock.instant());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            answer(response, 429, error("more than " + settings.ratePerSecond() + " purges a second; retry in "
                    + seconds + "s"));
            return;
        }
        PurgeOrder.Order order = (PurgeOrder.Order) reading;
        try {
            answer(response, 200, run(order));
            LOG.info("purge from {}: {}", request.getRemoteAddr(), order.all() ? "everything"
                    : "tags " + order.tags() + ", paths " + order.paths());
        } catch (OutputCacheException e) {
            answer(response, 503, error("the store could not be reached; nothing may have been removed: "
                    + e.getMessage()));
        } catch (IllegalArgumentException e) {
            answer(response, 400, error(PurgeOrder.shorten(e.getMessage())));
        }
    }

    /** Runs the order; the JSON of what it removed. */
    private String run(PurgeOrder.Order order) {
        if (order.all()) {
            cache.clear();
            return "{\"cleared\":true}";
        }
        // Paths are checked first (invalidatePath refuses a bad one), so that a bad path removes nothing.
        Map<String, Long> paths = new LinkedHashMap<>();
        for (String path : order.paths()) {
            paths.put(path, cache.invalidatePath(path));
        }
        Map<String, Long> tags = new LinkedHashMap<>();
        for (String tag : order.tags()) {
            tags.put(tag, cache.invalidateTag(tag));
        }
        long total = tags.values().stream().mapToLong(Long::longValue).sum()
                + paths.values().stream().mapToLong(Long::longValue).sum();
        return "{\"removed\":{\"tags\":" + object(tags) + ",\"paths\":" + object(paths) + "},\"total\":" + total + "}";
    }

    private static Set<String> queryNames(String query) {
        Set<String> names = new LinkedHashSet<>();
        if (query == null || query.isEmpty()) {
            return names;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                names.add(name); // a malformed escape: keep the raw name, it is refused or ignored as such
            }
        }
        return names;
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String error(String message) {
        return "{\"error\":" + string(message) + "}";
    }

    private static String object(Map<String, Long> counts) {
        StringBuilder sb = new StringBuilder("{");
        counts.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(string(k)).append(':').append(v));
        return sb.append('}').toString();
    }

    /** A JSON string (RFC 8259 §7). */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
