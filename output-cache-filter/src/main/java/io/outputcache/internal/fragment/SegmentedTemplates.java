package io.outputcache.internal.fragment;

import io.outputcache.internal.entry.CachedPage;

import java.util.Iterator;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.zip.Deflater;

/**
 * Compiled gzip forms of the pages with holes served lately on this node, keyed by page identity and version
 * (canonical key, creation time, ETag). Bounded by bytes, not by count: a site's pages with holes must fit, since
 * a miss costs one compression of the page (as a store does), and a bound of 512 entries made a Zipf mix over
 * 1,000 such pages compile again on most hits of its tail (the demo's bench spent 40% of a hit's samples there).
 * A compiled form is about the page's gzip size, so the default 16 MiB holds several thousand pages.
 */
final class SegmentedTemplates {
    /** The one per node (class loader). */
    static final SegmentedTemplates NODE = new SegmentedTemplates(16L << 20);

    private final long maxBytes;
    private final LinkedHashMap<String, SegmentedGzip.Template> lru = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    SegmentedTemplates(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The compiled form of {@code page}, whose identity bytes with markers are {@code identity}. */
    SegmentedGzip.Template get(CachedPage page, byte[] identity) {
        String key = page.canonicalKey() + '\n' + page.createdMillis() + '\n' + page.etag();
        synchronized (lru) {
            SegmentedGzip.Template found = lru.get(key);
            if (found != null) {
                return found;
            }
        }
        SegmentedGzip.Template compiled = SegmentedGzip.compile(identity, Deflater.DEFAULT_COMPRESSION);
        synchronized (lru) {
            SegmentedGzip.Template replaced = lru.put(key, compiled);
            bytes += weight(key, compiled) - (replaced == null ? 0 : weight(key, replaced));
            Iterator<Map.Entry<String, SegmentedGzip.Template>> eldest = lru.entrySet().iterator();
            while (bytes > maxBytes && lru.size() > 1 && eldest.hasNext()) {
                Map.Entry<String, SegmentedGzip.Template> out = eldest.next();
                bytes -= weight(out.getKey(), out.getValue());
                eldest.remove();
            }
        }
        return compiled;
    }

    /** Bytes held, as weighed for the bound. */
    long bytes() {
        synchronized (lru) {
            return bytes;
        }
    }

    /** Entries held. */
    int size() {
        synchronized (lru) {
            return lru.size();
        }
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
