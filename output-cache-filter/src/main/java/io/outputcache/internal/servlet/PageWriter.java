package io.outputcache.internal.servlet;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.http.AcceptEncoding;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a stored page to a client: status, stored headers, {@code Age}, {@code ETag}, {@code Cache-Status};
 * {@code 304} when the client's validator matches (RFC 9110 §13.1); no body for HEAD; the stored gzip bytes to
 * clients that accept gzip and the decompressed bytes to the others.
 */
public final class PageWriter {

    /** Header fields a 304 carries from the 200 it stands for (RFC 9110 §15.4.5). */
    private static final Set<String> NOT_MODIFIED_FIELDS =
            Set.of("cache-control", "content-location", "date", "expires", "vary", "last-modified");

    private PageWriter() {
    }

    /** Writes a stored page to a response that holds nothing yet. */
    public static void write(HttpServletRequest request, HttpServletResponse response, CachedPage page, Instant now,
                             CacheStatus status) throws IOException {
        write(request, response, page, now, status, true);
    }

    /**
     * Writes a page just rendered and stored, whose status and headers the application already put on the
     * response: only the filter's own headers and the body are added.
     */
    public static void writeFresh(HttpServletRequest request, HttpServletResponse response, CachedPage page,
                                  Instant now, CacheStatus status) throws IOException {
        write(request, response, page, now, status, false);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, CachedPage stored,
                              Instant now, CacheStatus status, boolean replayHeaders) throws IOException {
        // A page with holes is never sent as stored: each response gets its own fills (and ETag).
        CachedPage page = HoleFilling.fillIfNeeded(request, response, stored);
        boolean head = "HEAD".equals(request.getMethod());
        boolean sendGzip = page.gzip() && AcceptEncoding.acceptsGzip(request.getHeader("Accept-Encoding"));
        String etag = etagFor(page, sendGzip);

        if (page.status() >= 200 && page.status() < 300 && notModified(request, page)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            if (replayHeaders) {
                for (String name : page.headers().names()) {
                    if (NOT_MODIFIED_FIELDS.contains(name)) {
                        page.headers().all(name).forEach(v -> response.addHeader(page.headers().spelling(name), v));
                    }
                }
            }
            writeCommonHeaders(response, page, now, status, etag);
            return;
        }
        if (replayHeaders) {
            response.setStatus(page.status());
            HeaderMap headers = page.headers();
            for (String name : headers.names()) {
                String spelled = headers.spelling(name);
                List<String> values = headers.all(name);
                if (name.equals("content-type")) {
                    response.setContentType(values.get(0));
                } else if (name.equals("date")) {
                    response.setHeader(spelled, values.get(0));
                } else {
                    values.forEach(v -> response.addHeader(spelled, v));
                }
            }
        }
        writeCommonHeaders(response, page, now, status, etag);
        if (sendGzip) {
            response.setHeader("Content-Encoding", "gzip");
            response.setContentLength(page.body().length);
            if (!head) {
                response.getOutputStream().write(page.body());
            }
        } else if (page.gzip()) {
            response.setContentLength(page.identityLength());
            if (!head) {
                Bodies.gunzip(page.body(), response.getOutputStream());
            }
        } else {
            response.setContentLength(page.body().length);
            if (!head) {
                response.getOutputStream().write(page.body());
            }
        }
    }

    private static void writeCommonHeaders(HttpServletResponse response, CachedPage page, Instant now,
                                           CacheStatus status, String etag) {
        response.setHeader("Age", Long.toString(page.ageSeconds(now)));
        if (!etag.isEmpty()) {
            response.setHeader("ETag", etag);
        }
        if (page.gzip()) {
            addVary(response, page.headers(), "Accept-Encoding");
        }
        response.addHeader(CacheStatus.HEADER, status.toString());
    }

    /** The validator of the representation sent: gzip bytes are another representation (RFC 9110 §8.8.3). */
    static String etagFor(CachedPage page, boolean gzip) {
        String etag = page.etag();
        if (!gzip || etag.isEmpty() || !etag.endsWith("\"")) {
            return etag;
        }
        return etag.substring(0, etag.length() - 1) + "-gz\"";
    }

    /** RFC 9110 §13.1.2 (weak comparison) and §13.1.3 (If-Modified-Since only without If-None-Match). */
    static boolean notModified(HttpServletRequest request, CachedPage page) {
        String inm = joined(request, "If-None-Match");
        if (inm != null) {
            if (page.etag().isEmpty()) {
                return false;
            }
            String ours = opaque(page.etag());
            for (String candidate : inm.split(",")) {
                String c = candidate.trim();
                if (c.equals("*")) {
                    return true;
                }
                String theirs = opaque(c);
                if (theirs.endsWith("-gz")) {
                    theirs = theirs.substring(0, theirs.length() - 3);
                }
                if (theirs.equals(ours)) {
                    return true;
                }
            }
            return false;
        }
        String ims = request.getHeader("If-Modified-Since");
        Optional<String> lastModified = page.headers().first("last-modified");
        if (ims == null || lastModified.isEmpty()) {
            return false;
        }
        Optional<Instant> since = HttpDates.parse(ims);
        Optional<Instant> modified = HttpDates.parse(lastModified.get());
        return since.isPresent() && modified.isPresent() && !modified.get().isAfter(since.get());
    }

    private static String opaque(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static String joined(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(values.nextElement());
        while (values.hasMoreElements()) {
            sb.append(", ").append(values.nextElement());
        }
        return sb.toString();
    }

    /** Adds a member to Vary unless the stored Vary already names it. */
    static void addVary(HttpServletResponse response, HeaderMap stored, String member) {
        for (String v : stored.all("vary")) {
            for (String m : v.split(",")) {
                if (m.trim().equalsIgnoreCase(member) || m.trim().equals("*")) {
                    return;
                }
            }
        }
        if (stored.contains("vary")) {
            response.addHeader("Vary", member);
        } else {
            response.setHeader("Vary", member);
        }
    }
}
