package io.outputcache.internal.servlet;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.SecondTexts;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.policy.ByteRanges;
import io.outputcache.internal.policy.ConditionalRequest;
import io.outputcache.internal.policy.Representation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a stored page to a client: status, stored headers, {@code Age}, {@code ETag}, {@code Cache-Status};
 * no body for HEAD. I/O only: whether it is a {@code 304} is {@link ConditionalRequest}'s decision, which coding
 * it is sent in (and the {@code Vary} and ETag that follow) is {@link Representation}'s; holes are filled by
 * {@link HoleFilling}; a {@code Range} request is answered from a complete 200 as {@link ByteRanges} decides (only
 * when the stored bytes are sent as they are). Fields the target list consumes (RFC 9213) never reach the client.
 */
public final class PageWriter {

    /** Header fields a 304 carries from the 200 it stands for (RFC 9110 §15.4.5). */
    private static final Set<String> NOT_MODIFIED_FIELDS =
            Set.of("cache-control", "content-location", "date", "expires", "vary", "last-modified");

    /** The texts of ages (a hot page is hit many times in each second of its age). */
    private static final SecondTexts AGE_TEXTS = new SecondTexts(Long::toString);

    private static final ByteRanges.Outcome TRANSFORMED = new ByteRanges.Whole("transformed");
    private static final ByteRanges.Outcome NO_RANGE = new ByteRanges.Whole("no-range");

    private PageWriter() {
    }

    /** Writes a stored page to a response that holds nothing yet. */
    public static void write(HttpServletRequest request, HttpServletResponse response, CachedPage page, Instant now,
                             CacheStatus status) throws IOException {
        write(request, response, page, now, status, TargetedCacheControl.DEFAULT);
    }

    /**
     * As {@link #write(HttpServletRequest, HttpServletResponse, CachedPage, Instant, CacheStatus)}, withholding the
     * fields {@code targets} consumes.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, CachedPage page, Instant now,
                             CacheStatus status, TargetedCacheControl targets) throws IOException {
        write(request, response, page, now, status.toString(), true, targets);
    }

    /** As {@link #write(HttpServletRequest, HttpServletResponse, CachedPage, Instant, CacheStatus,
     * TargetedCacheControl)}, with the {@code Cache-Status} field value already written out (a fresh hit's). */
    public static void write(HttpServletRequest request, HttpServletResponse response, CachedPage page, Instant now,
                             String cacheStatus, TargetedCacheControl targets) throws IOException {
        write(request, response, page, now, cacheStatus, true, targets);
    }

    /**
     * Writes a page just rendered and stored, whose status and headers the application already put on the
     * response: only the filter's own headers and the body are added.
     */
    public static void writeFresh(HttpServletRequest request, HttpServletResponse response, CachedPage page,
                                  Instant now, CacheStatus status) throws IOException {
        writeFresh(request, response, page, now, status, TargetedCacheControl.DEFAULT);
    }

    /**
     * As {@link #writeFresh(HttpServletRequest, HttpServletResponse, CachedPage, Instant, CacheStatus)}, removing
     * the fields {@code targets} consumes from the response before it is committed.
     */
    public static void writeFresh(HttpServletRequest request, HttpServletResponse response, CachedPage page,
                                  Instant now, CacheStatus status, TargetedCacheControl targets) throws IOException {
        withhold(response, targets);
        write(request, response, page, now, status.toString(), false, targets);
    }

    /**
     * Removes from a response not yet committed the fields the target list consumes: addressed to this cache
     * alone, they are used by nothing downstream (RFC 9213 §2.1, §3).
     */
    public static void withhold(HttpServletResponse response, TargetedCacheControl targets) {
        for (String name : targets.consumed()) {
            if (response.containsHeader(name)) {
                response.setHeader(name, null); // Servlet 6: a null value removes the field
            }
        }
    }

    /** What a conditional request is compared with: the page's tags, and its date unless holes are filled in. */
    private static ConditionalRequest.Validators validators(CachedPage page, boolean holes) {
        List<String> tags = Representation.tagsNaming(page.etag());
        return holes
                ? ConditionalRequest.Validators.tagsOnly(tags)
                : ConditionalRequest.Validators.of(tags, page.headers(), Instant.ofEpochMilli(page.createdMillis()));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, CachedPage stored,
                              Instant now, String status, boolean replayHeaders, TargetedCacheControl targets)
            throws IOException {
        boolean holes = HoleFilling.hasHoles(stored);
        Representation representation = Representation.choose(request.getHeader("Accept-Encoding"),
                new Representation.Body(stored.gzip(), holes,
                        holes && Bodies.isCompressible(stored.headers().first("content-type").orElse(null)),
                        stored.identityLength()));
        // A page with holes is never sent as stored: each response gets its own fills (and ETag).
        CachedPage page = holes ? HoleFilling.fill(request, response, stored, representation.gzip()) : stored;
        ConditionalRequest.Conditions conditions = new ConditionalRequest.Conditions(request.getMethod(),
                joined(request, "If-None-Match"), Optional.ofNullable(request.getHeader("If-Modified-Since")));
        ConditionalRequest.Outcome outcome = conditions.ifNoneMatch().isEmpty() && conditions.ifModifiedSince().isEmpty()
                ? ConditionalRequest.Outcome.SERVE // the common hit: no validator to compute or date to parse
                : ConditionalRequest.evaluate(conditions, page.status(), validators(page, holes));
        String etag = representation.entityTag(page.etag());
        // Replacing a field makes the container look through every field already set (Jetty: through a wrapped
        // iterator); adding one does not. So a field is set only where it may be there already: set by a filter
        // in front (these names), or replayed from the stored ones. Null when the application wrote this response:
        // then the response itself is asked.
        Collection<String> preset = replayHeaders ? response.getHeaderNames() : null;
        Fields fields = new Fields(response, preset, page.headers());

        if (outcome == ConditionalRequest.Outcome.NOT_MODIFIED) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            if (replayHeaders) {
                for (String name : page.headers().names()) {
                    if (NOT_MODIFIED_FIELDS.contains(name)) {
                        page.headers().all(name).forEach(v -> response.addHeader(page.headers().spelling(name), v));
                    }
                }
            }
            writeCommonHeaders(fields, page, now, status, etag, representation);
            return;
        }
        if (replayHeaders) {
            replay(response, page, targets);
        }
        writeCommonHeaders(fields, page, now, status, etag, representation);
        boolean head = "HEAD".equals(request.getMethod());
        // RFC 9110 §14: a range is cut from the bytes as stored, so only when they are sent as they are (no holes
        // filled, not inflated for this client).
        boolean asStored = !holes && (representation.gzip() || !page.gzip());
        // The request's fields are read into a map only for a range request: the common hit has no Range field.
        ByteRanges.Outcome range = !asStored ? TRANSFORMED
                : request.getHeader("Range") == null ? NO_RANGE
                : ByteRanges.decide(request.getMethod(), ServletFacts.request(request).headers(),
                        ByteRanges.Representation.of(page.status(), page.body().length, etag, page.headers()));
        if (representation.gzip()) {
            fields.put("Content-Encoding", "content-encoding", "gzip");
        }
        if (range instanceof ByteRanges.Partial partial) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", partial.contentRange());
            response.setContentLength((int) partial.size());
            response.getOutputStream().write(page.body(), (int) partial.first(), (int) partial.size());
            return;
        }
        if (range instanceof ByteRanges.Unsatisfiable unsatisfiable) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", unsatisfiable.contentRange());
            response.setContentLength(0);
            return;
        }
        if (representation.gzip()) {
            response.setContentLength(page.body().length);
            if (!head) {
                response.getOutputStream().write(page.body());
            }
        } else if (page.gzip()) {
            response.setContentLength(page.identityLength());
            if (!head) {
                page.writeIdentityBody(response.getOutputStream()); // kept once inflated when a near copy's
            }
        } else {
            response.setContentLength(page.body().length);
            if (!head) {
                response.getOutputStream().write(page.body());
            }
        }
    }

    /** Status and stored header fields, as the render that stored the page sent them. */
    private static void replay(HttpServletResponse response, CachedPage page, TargetedCacheControl targets) {
        response.setStatus(page.status());
        for (HeaderMap.Line line : page.headers().lines()) {
            if (targets.isConsumed(line.name())) {
                continue; // stored for this cache's later decisions, never sent (RFC 9213 §3)
            }
            if (line.name().equals("content-type")) {
                if (line.first()) {
                    response.setContentType(line.value());
                }
            } else if (line.name().equals("date")) {
                if (line.first()) {
                    response.setHeader(line.spelled(), line.value());
                }
            } else {
                response.addHeader(line.spelled(), line.value());
            }
        }
    }

    private static void writeCommonHeaders(Fields fields, CachedPage page, Instant now,
                                           String status, String etag, Representation representation) {
        fields.put("Age", "age", AGE_TEXTS.of(page.ageSeconds(now)));
        if (!etag.isEmpty()) {
            fields.put("ETag", "etag", etag);
        }
        if (representation.varyAcceptEncoding()) {
            addVaryAcceptEncoding(fields, page.headers());
        }
        fields.response.addHeader(CacheStatus.HEADER, status);
    }

    /**
     * Sets the filter's own fields on a response, adding where nothing can hold the name yet.
     *
     * @param preset the names on the response before the page's fields were written, or null when unknown (the
     *               response is asked instead)
     */
    private record Fields(HttpServletResponse response, Collection<String> preset, HeaderMap stored) {
        void put(String name, String lowerName, String value) {
            if (absent(name, lowerName)) {
                response.addHeader(name, value);
            } else {
                response.setHeader(name, value);
            }
        }

        /** Whether no field of this name is on the response: none set in front of the filter, none replayed. */
        boolean absent(String name, String lowerName) {
            if (preset == null) {
                return !response.containsHeader(name);
            }
            if (stored.contains(lowerName)) {
                return false;
            }
            for (String present : preset) {
                if (present.equalsIgnoreCase(name)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Adds Accept-Encoding to Vary unless the stored Vary or the response's already covers it. */
    private static void addVaryAcceptEncoding(Fields fields, HeaderMap stored) {
        HttpServletResponse response = fields.response;
        List<String> storedVary = stored.all("vary");
        if (storedVary.isEmpty() && fields.absent("Vary", "vary")) {
            // The common page: no Vary of its own to merge with, none set before; adding is setting (one scan less).
            response.addHeader("Vary", "Accept-Encoding");
            return;
        }
        Collection<String> sent = response.getHeaders("Vary");
        List<String> present = new ArrayList<>(storedVary);
        present.addAll(sent);
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
