package io.outputcache.internal.key;

import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the key of a request under a rule, or says why the request cannot be keyed (and so bypasses the
 * cache). Pure: everything it needs is in its arguments.
 *
 * <p>The canonical form writes each part with its length in front ({@code <tag><length>:<value>}), so no two
 * different requests can produce the same text, whatever characters their parts contain.
 */
public final class KeyBuilder {

    /** Why a request was not keyed. */
    public enum BypassReason {
        METHOD("method"), UNKNOWN_HOST("unknown-host"), AMBIGUOUS_PATH("ambiguous-path"), BAD_QUERY("bad-query"),
        /** A header that can rewrite the URL or method the application serves (see {@link RequestGuard}). */
        OVERRIDE_HEADER("override-header"),
        /** The container resolved the path differently from the key (see {@link RequestGuard}). */
        PATH_MISMATCH("path-mismatch");

        private final String label;

        BypassReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Either a key or a reason to bypass. */
    public sealed interface Result permits Keyed, Bypass {
    }

    public record Keyed(CacheKey key, String pathWithinApp, String normalizedQuery) implements Result {
    }

    public record Bypass(BypassReason reason) implements Result {
    }

    private final CacheRule rule;
    private final Set<String> allowedHosts;
    private final QueryNormalizer queries;
    private final List<String> keyedForwardingHeaders;
    private final Set<String> forwardingNames;

    /** A key builder that keys no forwarding header (for callers that have no configuration, e.g. tests). */
    KeyBuilder(CacheRule rule, Set<String> allowedHosts) {
        this(rule, allowedHosts, List.of());
    }

    /**
     * @param keyedForwardingHeaders lower-case names of request fields that may change the URL the application
     *                               believes it serves (X-Forwarded-Host, ...): each one present is keyed
     */
    public KeyBuilder(CacheRule rule, Set<String> allowedHosts, List<String> keyedForwardingHeaders) {
        this.rule = rule;
        this.allowedHosts = allowedHosts;
        this.queries = new QueryNormalizer(rule.ignoredQueryParams(), rule.allowedQueryParams());
        this.keyedForwardingHeaders = List.copyOf(keyedForwardingHeaders);
        this.forwardingNames = Set.copyOf(keyedForwardingHeaders);
    }

    public Result build(RequestFacts request) {
        // GET and HEAD share one entry: a HEAD is answered from the GET's stored headers (RFC 9110 §9.3.2).
        if (!request.isGetOrHead()) {
            return new Bypass(BypassReason.METHOD);
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(request.host())) {
            return new Bypass(BypassReason.UNKNOWN_HOST);
        }
        Optional<String> path = PathNormalizer.normalize(request.rawPath());
        if (path.isEmpty() || !path.get().startsWith(request.contextPath())) {
            return new Bypass(BypassReason.AMBIGUOUS_PATH);
        }
        Optional<String> query = queries.normalize(request.rawQuery());
        if (query.isEmpty()) {
            return new Bypass(BypassReason.BAD_QUERY);
        }
        StringBuilder canonical = new StringBuilder(128).append("v1");
        part(canonical, 'r', rule.name());
        part(canonical, 'm', "GET");
        part(canonical, 's', request.scheme());
        hostPart(canonical, request.host(), request.port());
        part(canonical, 'p', path.get());
        part(canonical, 'q', query.get());
        HeaderMap headers = request.headers();
        for (String name : rule.varyHeaders()) {
            part(canonical, 'H', name);
            List<String> values = headers.all(name);
            if (values.isEmpty()) {
                canonical.append('-'); // absent differs from empty
            } else {
                part(canonical, 'v', normalizeHeaderValue(String.join(",", values)));
            }
        }
        for (String cookie : rule.varyCookies()) {
            part(canonical, 'C', cookie);
            Optional<String> value = Cookies.value(headers, cookie);
            if (value.isEmpty()) {
                canonical.append('-');
            } else {
                part(canonical, 'v', value.get());
            }
        }
        // Forwarding headers are keyed only when present, so plain requests keep the same key whatever the list;
        // a forged X-Forwarded-Host can then only ever reach the entry of requests that forge the same value.
        // Of Forwarded only host= and proto= (ForwardedHeader): for= would give every client its own entry.
        // The common request sends none of them: one pass over its names instead of a lookup per listed name.
        for (String name : headers.containsAny(forwardingNames) ? keyedForwardingHeaders : List.<String>of()) {
            List<String> values = headers.all(name);
            Optional<String> keyed = values.isEmpty() ? Optional.empty()
                    : name.equals("forwarded") ? ForwardedHeader.keyedPart(values)
                    : Optional.of(String.join("\n", values));
            if (keyed.isPresent()) {
                part(canonical, 'F', name);
                part(canonical, 'v', keyed.get());
            }
        }
        String pathWithinApp = path.get().substring(request.contextPath().length());
        if (pathWithinApp.isEmpty()) {
            pathWithinApp = "/";
        }
        String pathAndQuery = pathWithinApp + (query.get().isEmpty() ? "" : "?" + query.get());
        return new Keyed(CacheKey.of(canonical.toString(), pathAndQuery), pathWithinApp, query.get());
    }

    /** The tag shared by every stored variant of a path within the application (for invalidation by path). */
    public Optional<String> pathTag(String pathWithinApp, String rawQuery) {
        Optional<String> path = PathNormalizer.normalize(pathWithinApp);
        Optional<String> query = queries.normalize(rawQuery);
        if (path.isEmpty() || query.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CacheKey.pathTag(path.get() + (query.get().isEmpty() ? "" : "?" + query.get())));
    }

    /** Trims each list member and collapses runs of white space: "en,  de" and "en, de" are the same request. */
    static String normalizeHeaderValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (String member : value.split(",")) {
            String m = member.trim().replaceAll("[ \\t]+", " ");
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(m);
        }
        return out.toString();
    }

    /** As {@code part(sb, 'h', host + ":" + port)}, without building that string first. */
    private static void hostPart(StringBuilder sb, String host, int port) {
        int length = host.length() + 1 + digits(port);
        sb.append('h').append(length).append(':').append(host).append(':').append(port);
    }

    /** The length of {@code Integer.toString(n)}, without making that string (a port is keyed on every request). */
    static int digits(int n) {
        if (n < 0) {
            return Integer.toString(n).length();
        }
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static void part(StringBuilder sb, char tag, String value) {
        sb.append(tag).append(value.length()).append(':').append(value);
    }
}
