package io.outputcache.internal.fragment;

import io.outputcache.fragment.HoleRenderer;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.CacheKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills the holes of a page for the request being answered, just before its body is written: on hits, on the
 * render that stored it, on collapsed and stale answers alike, so a page with holes is never sent unfilled.
 *
 * <p>A page with holes is stored uncompressed (with its markers) and marked by the internal header
 * {@code :oc-holes}, which no HTTP response can carry (a field name cannot start with ':'). Filling is a scan
 * and copy of the stored bytes for clients without gzip; clients that accept gzip get the page's
 * {@link SegmentedGzip} form (compiled once per page version and node, kept in {@link SegmentedTemplates} with
 * the filled header fields and ETag stem) with the fills spliced in as stored blocks into one array of the exact
 * size, so no response compresses anything or reads the stored identity bytes (see {@code docs/benchmarks.md}); a
 * response whose fills equal the last response's of that page version reuses its body and ETag ({@link LastFill}).
 * The filled page:
 * <ul>
 * <li>has an ETag derived from the stored page's and from the fills, so it changes when a hole's content does
 *     and a 304 is answered only when the filled page is byte-identical (RFC 9110 §8.8.3);</li>
 * <li>loses {@code Last-Modified}: a date cannot say that a hole's content changed, so If-Modified-Since must not
 *     produce a 304;</li>
 * <li>is {@code Cache-Control: private, no-cache}: it is one user's page and no shared cache may keep it.</li>
 * </ul>
 */
public final class HoleFilling {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache.holes");

    /** Stored-header name that marks a page with holes. Not a valid HTTP field name, so never replayed by accident. */
    private static final String HOLES_FIELD = ":oc-holes";
    static final String FILLED_CACHE_CONTROL = "private, no-cache";
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private HoleFilling() {
    }

    public static boolean hasHoles(CachedPage page) {
        return hasHoles(page.headers());
    }

    public static boolean hasHoles(HeaderMap storedHeaders) {
        return storedHeaders.contains(HOLES_FIELD);
    }

    /** Adds the holes marker to the headers of a page about to be stored when its body holds markers. */
    public static HeaderMap markIfHoles(HeaderMap storedHeaders, byte[] identityBody, HoleCapture capture) {
        if (!capture.deferred()) {
            return storedHeaders;
        }
        Set<String> names = HoleMarkers.names(identityBody);
        if (names.isEmpty()) {
            return storedHeaders;
        }
        return storedHeaders.toBuilder().set(HOLES_FIELD, String.join(",", names)).build();
    }

    /**
     * The page as this request must see it: filled, as gzip when the response's {@code Representation} chose gzip
     * (the choice, and the {@code Vary} and ETag that follow from it, are the page writer's). Also sets the
     * response fields of a filled page that the page writer does not replay from the stored headers.
     *
     * @param page a page with holes ({@link #hasHoles(CachedPage)})
     * @param gzip send the filled page as gzip (its segmented form)
     */
    public static CachedPage fill(HttpServletRequest request, HttpServletResponse response, CachedPage page,
                                  boolean gzip) throws IOException {
        response.setHeader("Cache-Control", FILLED_CACHE_CONTROL);
        response.setHeader("Last-Modified", null); // the render that stored it may have set one
        Function<String, String> renderer = once(request, response);
        if (gzip) {
            // The static parts were compressed once per page and node, with the fields and ETag stem a filled
            // copy sends: a response compresses nothing and works out nothing of the stored page again.
            // The identity bytes are read only to compile: a page stored as gzip is not inflated on every hit.
            SegmentedTemplates.Compiled compiled = SegmentedTemplates.NODE.compiled(page, page::identityBody,
                    HoleFilling::filledHeaders, HoleFilling::etagStem);
            SegmentedGzip.Template template = compiled.template();
            String[] texts = FillBytes.render(template.holes(), renderer);
            LastFill.Filled filled = compiled.lastFill().find(texts);
            if (filled == null) { // other fills than the last response's: splice and hash them
                FillBytes fills = FillBytes.of(template.holes(), texts);
                filled = new LastFill.Filled(texts, SegmentedGzip.fill(template, fills.bytes()), fills.etagSuffix(),
                        template.staticBytes() + fills.totalLength());
                compiled.lastFill().remember(filled);
            }
            return filledPage(page, compiled.etagStem() + filled.etagSuffix(), compiled.headers(), true,
                    filled.body(), filled.identityLength());
        }
        HoleMarkers.Filled filled = HoleMarkers.fill(page.identityBody(), renderer);
        return filledPage(page, filledEtag(page, filled), filledHeaders(page), false, filled.body(),
                filled.body().length);
    }

    private static CachedPage filledPage(CachedPage page, String etag, HeaderMap headers, boolean gzip, byte[] body,
                                         int identityLength) {
        return new CachedPage(page.canonicalKey(), page.status(), page.createdMillis(), page.freshUntilMillis(),
                page.staleUntilMillis(), page.initialAgeSeconds(), etag, headers, gzip, body, identityLength,
                page.tags());
    }

    /** The stored fields as a filled page sends them: without the marker, a date or the stored Cache-Control. */
    static HeaderMap filledHeaders(CachedPage page) {
        return page.headers().toBuilder().remove(HOLES_FIELD).remove("last-modified").remove("cache-control").build();
    }

    /**
     * Fills a rendered body that is sent but not stored (the store refused it): same content a stored copy would
     * have produced.
     */
    public static byte[] fillUnstored(HttpServletRequest request, HttpServletResponse response, byte[] body,
                                      HoleCapture capture) {
        if (!capture.deferred()) {
            return body;
        }
        HoleMarkers.Filled filled = HoleMarkers.fill(body, once(request, response));
        if (!filled.fills().isEmpty()) {
            response.setHeader("Cache-Control", FILLED_CACHE_CONTROL);
        }
        return filled.body();
    }

    /**
     * Renders each hole name once per response: a listing with 24 add-to-cart forms has 24 token holes and needs
     * one token look-up. A renderer is a function of the request, so repeating it cannot give another answer.
     */
    public static Function<String, String> once(HttpServletRequest request, HttpServletResponse response) {
        Map<String, String> done = new HashMap<>(4);
        return name -> done.computeIfAbsent(name, n -> render(request, response, n));
    }

    /** The registry the filter put on the request, if any. */
    private static Optional<HoleRegistry> registry(HttpServletRequest request) {
        Object value = request.getAttribute(HoleRegistry.ATTRIBUTE);
        return value instanceof HoleRegistry registry ? Optional.of(registry) : Optional.empty();
    }

    /**
     * One hole's content for this request. A marker without a renderer (another node's configuration, or text
     * that merely looks like a marker) is filled with nothing: an empty hole, never a marker and never someone
     * else's content.
     */
    static String render(HttpServletRequest request, HttpServletResponse response, String name) {
        Optional<HoleRenderer> renderer = registry(request).flatMap(r -> r.find(name));
        if (renderer.isEmpty()) {
            if (WARNED.add(name)) {
                LOG.warn("no hole renderer is registered for '{}': the hole is left empty", name);
            }
            return "";
        }
        String html = renderer.get().render(request, response);
        if (html == null) {
            throw new IllegalStateException("hole renderer '" + name + "' returned null");
        }
        return html;
    }

    /**
     * The stored page's validator extended by a hash of the fills: equal only when the stored page and every
     * fill are equal, i.e. when the filled bytes are equal.
     */
    static String filledEtag(CachedPage page, HoleMarkers.Filled filled) {
        return etagStem(page) + FillBytes.etagSuffix(filled.fills());
    }

    static String filledEtag(String storedEtag, HoleMarkers.Filled filled) {
        return etagStem(storedEtag) + FillBytes.etagSuffix(filled.fills());
    }

    /** The stored validator without its closing quote, which the fills' hash extends. */
    static String etagStem(CachedPage page) {
        String storedEtag = page.etag();
        if (storedEtag.isEmpty() || !storedEtag.endsWith("\"")) {
            // no validator of our own (HTTP mode without one): a tag of this page version and its fills
            storedEtag = "\"" + CacheKey.sha256(page.canonicalKey() + '\n' + page.createdMillis()).substring(0, 27)
                    + "\"";
        }
        return etagStem(storedEtag);
    }

    private static String etagStem(String storedEtag) {
        return storedEtag.substring(0, storedEtag.length() - 1);
    }
}
