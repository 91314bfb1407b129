package io.outputcache.internal.entry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity bytes of gzip pages served lately on this node to clients without gzip, so that a page read from
 * the store again (a new array each read) is not inflated again. Keyed by the page's canonical key and answered
 * only for a body equal byte for byte to the one inflated: what it hands out is always the gunzip of the bytes
 * asked about. Bounded by bytes (body and identity bytes together), least recently used first out; a page larger
 * than a sixteenth of the bound is inflated every time.
 */
public final class InflatedBodies {
    /** The one per node (class loader): 4 MiB. */
    static final InflatedBodies NODE = new InflatedBodies(4L << 20);

    private record Inflated(byte[] gzip, byte[] identity) {
        long bytes() {
            return (long) gzip.length + identity.length;
        }
    }

    private final long maxBytes;
    private final LinkedHashMap<String, Inflated> lru = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    InflatedBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The gunzip of {@code gzipped}, the body of the page stored under {@code canonicalKey}: kept, or inflated now. */
    byte[] identity(String canonicalKey, byte[] gzipped, int identityLength) throws IOException {
        Inflated kept;
        synchronized (lru) {
            kept = lru.get(canonicalKey); // under the lock: an access-ordered get reorders the map
        }
        // compared outside it: the kept arrays are never modified, and concurrent hits of one page queued here
        if (kept != null && (kept.gzip() == gzipped || Arrays.equals(kept.gzip(), gzipped))) {
            return kept.identity();
        }
        byte[] identity = Bodies.gunzip(gzipped, identityLength);
        Inflated made = new Inflated(gzipped, identity);
        if (fits(made.bytes())) {
            synchronized (lru) {
                Inflated replaced = lru.put(canonicalKey, made);
                bytes += made.bytes() - (replaced == null ? 0 : replaced.bytes());
                Iterator<Inflated> eldest = lru.values().iterator();
                while (bytes > maxBytes && eldest.hasNext()) {
                    bytes -= eldest.next().bytes();
                    eldest.remove();
                }
            }
        }
        return identity;
    }

    /** Writes the gunzip of {@code gzipped}: kept or inflated bytes, or streamed when the page is too large to keep. */
    void writeTo(String canonicalKey, byte[] gzipped, int identityLength, OutputStream out) throws IOException {
        if (!fits((long) gzipped.length + Math.max(0, identityLength))) {
            Bodies.gunzip(gzipped, out); // never kept: no whole-body array either
            return;
        }
        out.write(identity(canonicalKey, gzipped, identityLength));
    }

    private boolean fits(long pageBytes) {
        return pageBytes <= maxBytes / 16;
    }

    /** Bytes held (bodies and identity bytes). */
    long bytes() {
        synchronized (lru) {
            return bytes;
        }
    }

    /** For tests: what is kept. */
    Map<String, Integer> keptLengths() {
        synchronized (lru) {
            Map<String, Integer> lengths = new LinkedHashMap<>();
            lru.forEach((k, v) -> lengths.put(k, v.identity().length));
            return lengths;
        }
    }
}
