package io.outputcache.internal.key;

import io.outputcache.internal.http.RequestFacts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Request-level defences against cache poisoning and deception that the key alone cannot give. Pure: the
 * caller hands in the path the container resolved.
 *
 * <ul>
 *   <li>A request carrying a URL- or method-override header ({@code X-Original-URL}, {@code X-Rewrite-URL},
 *   {@code X-HTTP-Method-Override}, ...) bypasses the cache: a framework that honours one serves another page
 *   than the URL names, and keying the header would still let one client fill the cache with it.</li>
 *   <li>The key is made from our normalised path; the container resolves its own. When the two differ (after
 *   decoding), the page the application rendered is not the page the key names, so the request bypasses
 *   (web cache deception through parser differences: {@code %2e%2e}, encoded slashes, odd delimiters).</li>
 * </ul>
 */
public final class RequestGuard {
    private final Set<String> bypassHeaders;

    /** @param bypassHeaders lower-case names of request fields whose presence makes a request bypass */
    public RequestGuard(List<String> bypassHeaders) {
        this.bypassHeaders = Set.copyOf(bypassHeaders);
    }

    /**
     * Why this request must bypass the cache, if it must.
     *
     * @param containerPath the decoded path the container dispatched on (context path + servlet path + path
     *                      info), or empty when it did not say
     */
    public Optional<KeyBuilder.BypassReason> check(RequestFacts request, Optional<String> containerPath) {
        if (request.headers().containsAny(bypassHeaders)) {
            return Optional.of(KeyBuilder.BypassReason.OVERRIDE_HEADER);
        }
        if (containerPath.isPresent()) {
            Optional<String> keyed = PathNormalizer.normalize(request.rawPath()).map(RequestGuard::decode);
            if (keyed.isEmpty() || !keyed.get().equals(containerPath.get())) {
                return Optional.of(KeyBuilder.BypassReason.PATH_MISMATCH);
            }
        }
        return Optional.empty();
    }

    /** Percent-decodes a normalised path (UTF-8), as a servlet container decodes the request URI. */
    static String decode(String normalized) {
        if (normalized.indexOf('%') < 0) {
            return normalized;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c == '%' && i + 2 < normalized.length()) {
                out.write(Integer.parseInt(normalized, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c); // a normalised path holds ASCII only
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
