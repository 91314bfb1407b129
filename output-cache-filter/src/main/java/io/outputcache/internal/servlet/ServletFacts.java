package io.outputcache.internal.servlet;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Reads requests and responses into the plain values the decision classes take. */
public final class ServletFacts {
    private ServletFacts() {
    }

    /**
     * The request's facts, its header fields read from the container when asked (a hit asks about a few names):
     * valid while the request is served. {@link RequestFacts#settled()} copies them for work that may outlive it.
     */
    public static RequestFacts request(HttpServletRequest request) {
        return new RequestFacts(request.getMethod(), request.getScheme(), request.getServerName(),
                request.getServerPort(), request.getContextPath(), request.getRequestURI(), request.getQueryString(),
                HeaderMap.lazy(new RequestHeaders(request)));
    }

    public static HeaderMap headers(HttpServletResponse response) {
        HeaderMap.Builder headers = HeaderMap.builder();
        for (String name : response.getHeaderNames()) {
            for (String value : response.getHeaders(name)) {
                headers.add(name, value);
            }
        }
        HeaderMap read = headers.build();
        // Some containers keep the content type outside the header list until commit.
        if (!read.contains("content-type") && response.getContentType() != null) {
            return read.toBuilder().add("Content-Type", response.getContentType()).build();
        }
        return read;
    }

    /** Puts back fields saved with {@link #headers} (after a reset). */
    public static void restore(HttpServletResponse response, HeaderMap saved) {
        for (String name : saved.names()) {
            for (String value : saved.all(name)) {
                if (name.equals("content-type")) {
                    response.setContentType(value);
                } else {
                    response.addHeader(saved.spelling(name), value);
                }
            }
        }
    }
}
