package io.outputcache.internal.http;

import java.util.Locale;

/**
 * What the decision classes may know about a request, read once from the servlet request.
 *
 * @param method      the method as sent (upper-case by convention, compared exactly as RFC 9110 §9.1 asks)
 * @param scheme      {@code http} or {@code https}, lower-case
 * @param host        the server name the container resolved, lower-case, without port
 * @param port        the server port the container resolved
 * @param contextPath the application's context path ("" for the root application)
 * @param rawPath     the request-target's path as sent, still percent-encoded, including the context path
 * @param rawQuery    the query as sent, without '?', or {@code null} when the target had none
 * @param headers     every request header field
 */
public record RequestFacts(String method, String scheme, String host, int port, String contextPath, String rawPath,
                           String rawQuery, HeaderMap headers) {

    public RequestFacts {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        contextPath = contextPath == null ? "" : contextPath;
    }

    public boolean isGetOrHead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** A GET or HEAD that carries content: RFC 9110 §9.3.1 gives it no meaning, so it must not share a cached page. */
    public boolean hasBody() {
        if (headers.contains("transfer-encoding")) {
            return true;
        }
        return headers.first("content-length").map(v -> !v.trim().equals("0")).orElse(false);
    }

    /**
     * These facts with every header field copied, for work that may outlive the request they were read from (a
     * render or store finishing on another thread, a shadow run): a lazy map reads a request the container
     * recycles once it is answered.
     */
    public RequestFacts settled() {
        HeaderMap all = headers.settled();
        return all == headers ? this
                : new RequestFacts(method, scheme, host, port, contextPath, rawPath, rawQuery, all);
    }

    public CacheControl cacheControl() {
        return CacheControl.of(headers);
    }
}
