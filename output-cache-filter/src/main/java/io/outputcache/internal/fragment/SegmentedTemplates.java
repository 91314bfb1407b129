package io.outputcache.internal.fragment;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.Deflater;

/**
 * Compiled gzip forms of the pages with holes served lately on this node, keyed by page identity and version
 * (canonical key, creation time, ETag), with what else a hit would otherwise work out again from the stored page
 * (its filled header fields, the stem of its filled ETag). Bounded by bytes, not by count: a site's pages with
 * holes must fit, since a miss costs one compression of the page (as a store does), and a bound of 512 entries
 * made a Zipf mix over 1,000 such pages compile again on most hits of its tail (the demo's bench spent 40% of a
 * hit's samples there). A compiled form is about the page's gzip size, so the default 16 MiB holds several
 * thousand pages.
 *
 * <p>A hit reads a concurrent map and writes one time stamp, without a lock: every request of a page with holes
 * comes here, and a lock around an access-ordered map made them queue for it. Eviction (rare: once per compile
 * over the bound) takes a lock and drops the least recently used by those stamps.
 */
final class SegmentedTemplates {
    /** The one per node (class loader). */
    static final SegmentedTemplates NODE = new SegmentedTemplates(16L << 20);

    /** What identifies a page version: another version (a new render, another ETag) compiles again. */
    private record Version(String canonicalKey, long createdMillis, String etag) {
    }

    /**
     * A page version prepared for filling.
     *
     * @param template the compiled gzip form
     * @param headers  the stored fields as a filled page sends them (see {@link HoleFilling})
     * @param etagStem the validator the fills' hash extends
     * @param lastFill the last filled body of this version (see {@link LastFill})
     */
    record Compiled(SegmentedGzip.Template template, HeaderMap headers, String etagStem, LastFill lastFill) {
        Compiled(SegmentedGzip.Template template, HeaderMap headers, String etagStem) {
            this(template, headers, etagStem, new LastFill());
        }
    }

    /** The identity bytes of a page, read only when its version is compiled (they may need an inflation). */
    @FunctionalInterface
    interface Identity {
        byte[] bytes() throws IOException;
    }

    private static final class Slot {
        final Compiled compiled;
        final long weight;
        volatile long used;

        Slot(Compiled compiled, long weight, long used) {
            this.compiled = compiled;
            this.weight = weight;
            this.used = used;
        }
    }

    private final long maxBytes;
    private final Map<Version, Slot> slots = new ConcurrentHashMap<>(256);
    private final Object eviction = new Object();
    private long bytes;

    SegmentedTemplates(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The compiled form of {@code page}, whose identity bytes with markers are {@code identity}. */
    SegmentedGzip.Template get(CachedPage page, byte[] identity) {
        try {
            return compiled(page, () -> identity, p -> HeaderMap.empty(), p -> "").template();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the bytes are at hand: not thrown
        }
    }

    /**
     * The prepared form of {@code page}, compiled (and its headers and ETag stem worked out) on the first request
     * of this version on this node; only then are its identity bytes read.
     */
    Compiled compiled(CachedPage page, Identity identity, Function<CachedPage, HeaderMap> headers,
                      Function<CachedPage, String> etagStem) throws IOException {
        Version version = new Version(page.canonicalKey(), page.createdMillis(), page.etag());
        Slot found = slots.get(version);
        if (found != null) {
            found.used = System.nanoTime(); // a racy stamp is good enough to tell recent from old
            return found.compiled;
        }
        Compiled compiled = new Compiled(SegmentedGzip.compile(identity.bytes(), Deflater.DEFAULT_COMPRESSION),
                headers.apply(page), etagStem.apply(page));
        Slot slot = new Slot(compiled, weight(version.canonicalKey(), compiled.template()), System.nanoTime());
        synchronized (eviction) {
            Slot replaced = slots.put(version, slot);
            bytes += slot.weight - (replaced == null ? 0 : replaced.weight);
            while (bytes > maxBytes && slots.size() > 1) {
                evictOldestBut(version);
            }
        }
        return compiled;
    }

    /** Drops the least recently used entry other than {@code kept} (the one just added). */
    private void evictOldestBut(Version kept) {
        Map.Entry<Version, Slot> oldest = null;
        for (Map.Entry<Version, Slot> e : slots.entrySet()) {
            if (!e.getKey().equals(kept) && (oldest == null || e.getValue().used < oldest.getValue().used)) {
                oldest = e;
            }
        }
        if (oldest != null && slots.remove(oldest.getKey(), oldest.getValue())) {
            bytes -= oldest.getValue().weight;
        }
    }

    /** Bytes held, as weighed for the bound. */
    long bytes() {
        synchronized (eviction) {
            return bytes;
        }
    }

    /** Entries held. */
    int size() {
        return slots.size();
    }

    /** The key, the parts' deflate bytes and CRC operators, the hole names, and rough object overheads. */
    static long weight(String key, SegmentedGzip.Template template) {
        long weight = 2L * key.length() + 96;
        for (SegmentedGzip.Part part : template.parts()) {
            weight += part.deflated().length + 4L * part.shift().length + 64;
        }
        for (String hole : template.holes()) {
            weight += 2L * hole.length() + 48;
        }
        return weight;
    }
}
