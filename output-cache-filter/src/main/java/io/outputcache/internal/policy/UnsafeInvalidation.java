package io.outputcache.internal.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an unsafe request (POST, PUT, DELETE, ...) invalidates in HTTP mode (RFC 9111 §4.4): when its response
 * is not an error, the target URI and the same-origin URIs in Location and Content-Location. Pure.
 */
public final class UnsafeInvalidation {
    private UnsafeInvalidation() {
    }

    /** A path within the application and its raw query (null when none). */
    public record Target(String path, String rawQuery) {
    }

    /** §4.4: only a non-error final response means the state may have changed. */
    public static boolean invalidates(int status) {
        return status >= 200 && status < 400;
    }

    /**
     * @param requestUrl    the request's absolute URL (scheme, host, port, path), the base for relative references
     * @param host          the request's host, to keep the invalidation to the same origin
     * @param contextPath   the application's context path
     * @param pathWithinApp the request's path within the application
     * @param rawQuery      the request's raw query, or null
     * @param references    the response's Location and Content-Location values (absent ones left out)
     */
    public static List<Target> targets(String requestUrl, String host, String contextPath, String pathWithinApp,
                                       String rawQuery, List<String> references) {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(pathWithinApp, rawQuery));
        for (String reference : references) {
            sameOrigin(requestUrl, host, contextPath, reference).ifPresent(targets::add);
        }
        return targets;
    }

    private static Optional<Target> sameOrigin(String requestUrl, String host, String contextPath, String reference) {
        try {
            URI target = URI.create(requestUrl).resolve(reference.trim());
            if (target.getHost() == null || !target.getHost().equalsIgnoreCase(host)
                    || target.getRawPath() == null || !target.getRawPath().startsWith(contextPath)) {
                return Optional.empty();
            }
            String within = target.getRawPath().substring(contextPath.length());
            URI relative = new URI(null, null, within.isEmpty() ? "/" : within, target.getRawQuery(), null);
            return Optional.of(new Target(relative.getRawPath(), relative.getRawQuery()));
        } catch (IllegalArgumentException | URISyntaxException e) {
            return Optional.empty();
        }
    }
}
