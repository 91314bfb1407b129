package io.outputcache.internal.policy;

import io.outputcache.internal.http.AcceptEncoding;
import io.outputcache.internal.key.TextMemo;

import java.util.List;
import java.util.Locale;

/**
 * Which coding of a stored page a response carries, gzip or identity, and what follows from the choice: whether
 * the response says {@code Vary: Accept-Encoding} and which entity-tag it sends. One decision for every page, with
 * holes or without, so that the two forms of a page always agree on it. Pure: the client's
 * {@code Accept-Encoding} and the facts of the stored body in, the choice out.
 *
 * @param gzip               send gzip bytes ({@code Content-Encoding: gzip}), else identity bytes
 * @param varyAcceptEncoding the same URL answers gzip to some clients and identity to others, so the response
 *                           must say that it varies on Accept-Encoding (RFC 9110 §12.5.5), also when it is identity
 */
public record Representation(boolean gzip, boolean varyAcceptEncoding) {
    /** Suffix that turns a page's entity-tag into the tag of its gzip bytes. */
    static final String GZIP_TAG_SUFFIX = "-gz";
    /**
     * Below this many identity bytes a page with holes is sent identity: the gzip framing of its filled form (a
     * header, a stored block per fill, a trailer) would eat the gain.
     */
    static final int FILLED_GZIP_MIN = 256;
    /** The gzip tags of recent page tags: a hot page's gzip hits would otherwise build the same text each time. */
    private static final TextMemo<String> GZIP_TAGS = new TextMemo<>(Representation::gzipTag);
    /** The four choices there are, made once (indexed gzip × 2 + vary). */
    private static final Representation[] CHOICES = {new Representation(false, false),
        new Representation(false, true), new Representation(true, false), new Representation(true, true)};
    /** The answers for recent Accept-Encoding texts: clients send a few texts, each parsed once. */
    private static final TextMemo<Boolean> ACCEPTS_GZIP = new TextMemo<>(AcceptEncoding::acceptsGzip);

    /**
     * The facts of a stored body that the choice depends on.
     *
     * @param storedGzip     the stored bytes are gzip (a page without holes can be sent as stored)
     * @param holes          holes are filled per response (the stored bytes are never sent as they are)
     * @param compressible   the content type is worth compressing (read for a page with holes only)
     * @param identityLength the length of the identity bytes as stored (with the hole markers)
     */
    public record Body(boolean storedGzip, boolean holes, boolean compressible, int identityLength) {
    }

    /**
     * gzip only to a client that accepts it (RFC 9110 §12.5.3: listed or covered by {@code *} with a non-zero
     * weight; no field at all gets identity) and only when a gzip form exists: the stored gzip bytes of a page
     * without holes, or the per-response segmented gzip of a compressible page with holes that is long enough.
     */
    public static Representation choose(String acceptEncoding, Body body) {
        boolean hasGzipForm = body.holes()
                ? body.compressible() && body.identityLength() >= FILLED_GZIP_MIN
                : body.storedGzip();
        // Vary follows from the page, not the client: every response for the URL must say it, or a shared cache
        // would hand one client's coding to the other. A page with holes says it whenever its type compresses.
        boolean varies = body.holes() ? body.compressible() : body.storedGzip();
        boolean gzip = hasGzipForm && acceptEncoding != null && ACCEPTS_GZIP.apply(acceptEncoding);
        return CHOICES[(gzip ? 2 : 0) + (varies ? 1 : 0)];
    }

    /**
     * The entity-tag to send: the gzip bytes are another representation and get a tag of their own (RFC 9110
     * §8.8.3), the page's tag with {@value #GZIP_TAG_SUFFIX} inside the quotes. An empty tag stays empty.
     */
    public String entityTag(String pageTag) {
        return gzip && !pageTag.isEmpty() ? GZIP_TAGS.apply(pageTag) : pageTag;
    }

    /**
     * The tags a client may hold for this page's content: its own and that of its gzip bytes. Either validates the
     * page whichever coding the client now asks for, as the content is the same.
     */
    public static List<String> tagsNaming(String pageTag) {
        if (pageTag.isEmpty()) {
            return List.of();
        }
        String gzip = gzipTag(pageTag);
        return gzip.equals(pageTag) ? List.of(pageTag, pageTag + GZIP_TAG_SUFFIX) : List.of(pageTag, gzip);
    }

    /** Whether these Vary field values already cover Accept-Encoding (by name, or by "*"). */
    public static boolean varyCovers(List<String> varyValues) {
        for (String value : varyValues) {
            for (String member : value.split(",")) {
                String m = member.trim().toLowerCase(Locale.ROOT);
                if (m.equals("accept-encoding") || m.equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String gzipTag(String pageTag) {
        if (pageTag.isEmpty() || !pageTag.endsWith("\"")) {
            return pageTag; // no quoted tag to extend
        }
        return pageTag.substring(0, pageTag.length() - 1) + GZIP_TAG_SUFFIX + "\"";
    }
}
