package io.outputcache.internal.servlet;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.policy.ConditionalRequest;
import io.outputcache.internal.policy.Representation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a stored page to a client: status, stored headers, {@code Age}, {@code ETag}, {@code Cache-Status};
 * no body for HEAD. I/O only: whether it is a {@code 304} is {@link ConditionalRequest}'s decision, which coding
 * it is sent in (and the {@code Vary} and ETag that follow) is {@link Representation}'s; holes are filled by
 * {@link HoleFilling}.
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

    /** What a conditional request is compared with: the page's tags, and its date unless holes are filled in. */
    private static ConditionalRequest.Validators validators(CachedPage page, boolean holes) {
        List<String> tags = Representation.tagsNaming(page.etag());
        return holes
                ? ConditionalRequest.Validators.tagsOnly(tags)
                : ConditionalRequest.Validators.of(tags, page.headers(), Instant.ofEpochMilli(page.createdMillis()));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, CachedPage stored,
                              Instant now, CacheStatus status, boolean replayHeaders) throws IOException {
        boolean holes = HoleFilling.hasHoles(stored);
        Representation representation = Representation.choose(request.getHeader("Accept-Encoding"),
                new Representation.Body(stored.gzip(), holes,
                        Bodies.isCompressible(stored.headers().first("content-type").orElse(null)),
                        stored.identityLength()));
        // A page with holes is never sent as stored: each response gets its own fills (and ETag).
        CachedPage page = holes ? HoleFilling.fill(request, response, stored, representation.gzip()) : stored;
        ConditionalRequest.Conditions conditions = new ConditionalRequest.Conditions(request.getMethod(),
                joined(request, "If-None-Match"), Optional.ofNullable(request.getHeader("If-Modified-Since")));
        ConditionalRequest.Outcome outcome = conditions.ifNoneMatch().isEmpty() && conditions.ifModifiedSince().isEmpty()
                ? ConditionalRequest.Outcome.SERVE // the common hit: no validator to compute or date to parse
                : ConditionalRequest.evaluate(conditions, page.status(), validators(page, holes));
        String etag = representation.entityTag(page.etag());

        if (outcome == ConditionalRequest.Outcome.NOT_MODIFIED) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            if (replayHeaders) {
                for (String name : page.headers().names()) {
                    if (NOT_MODIFIED_FIELDS.contains(name)) {
                        page.headers().all(name).forEach(v -> response.addHeader(page.headers().spelling(name), v));
                    }
                }
            }
            writeCommonHeaders(response, page, now, status, etag, representation);
            return;
        }
        if (replayHeaders) {
            replay(response, page);
        }
        writeCommonHeaders(response, page, now, status, etag, representation);
        boolean head = "HEAD".equals(request.getMethod());
        if (representation.gzip()) {
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

    /** Status and stored header fields, as the render that stored the page sent them. */
    private static void replay(HttpServletResponse response, CachedPage page) {
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

    private static void writeCommonHeaders(HttpServletResponse response, CachedPage page, Instant now,
                                           CacheStatus status, String etag, Representation representation) {
        response.setHeader("Age", Long.toString(page.ageSeconds(now)));
        if (!etag.isEmpty()) {
            response.setHeader("ETag", etag);
        }
        if (representation.varyAcceptEncoding()) {
            addVaryAcceptEncoding(response, page.headers());
        }
        response.addHeader(CacheStatus.HEADER, status.toString());
    }

    /** Adds Accept-Encoding to Vary unless the stored Vary or the response's already covers it. */
    private static void addVaryAcceptEncoding(HttpServletResponse response, HeaderMap stored) {
        List<String> present = new ArrayList<>(stored.all("vary"));
        present.addAll(response.getHeaders("Vary"));
        if (Representation.varyCovers(present)) {
            return;
        }
        if (present.isEmpty()) {
            response.setHeader("Vary", "Accept-Encoding");
        } else {
            response.addHeader("Vary", "Accept-Encoding");
        }
    }

    /** All field lines of a request header joined as one list (RFC 9110 §5.3), or empty when there is none. */
    private static Optional<String> joined(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(values.nextElement());
        while (values.hasMoreElements()) {
            sb.append(", ").append(values.nextElement());
        }
        return Optional.of(sb.toString());
    }
}
