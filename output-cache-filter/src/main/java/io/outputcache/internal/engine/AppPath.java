package io.outputcache.internal.engine;

import io.outputcache.internal.key.PathNormalizer;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/** The paths of a request that the cache needs, each computed in one place. */
final class AppPath {
    private AppPath() {
    }

    /**
     * The normalised path within the application that rules are matched against; the container's decoded path
     * when ours cannot be made (the key builder then refuses the request as ambiguous).
     */
    static String forRules(HttpServletRequest request) {
        String context = contextPath(request);
        Optional<String> normalized = PathNormalizer.normalize(request.getRequestURI())
                .filter(p -> p.startsWith(context))
                .map(p -> p.substring(context.length()));
        if (normalized.isPresent()) {
            return normalized.get().isEmpty() ? "/" : normalized.get();
        }
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /** The raw request path within the application, without the query (which may carry a token): for logs. */
    static String raw(HttpServletRequest request) {
        String path = request.getRequestURI().substring(contextPath(request).length());
        return path.isEmpty() ? "/" : path;
    }

    /** The decoded path the container dispatched this request on (context path included), if it says. */
    static Optional<String> dispatched(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        if (servletPath == null) {
            return Optional.empty();
        }
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = contextPath(request) + servletPath + pathInfo;
        return Optional.of(path.isEmpty() ? "/" : path);
    }

    private static String contextPath(HttpServletRequest request) {
        return request.getContextPath() == null ? "" : request.getContextPath();
    }
}
