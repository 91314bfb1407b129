package io.outputcache.internal.entry;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the identity bytes of a gzip-stored page come from, for the clients that do not take gzip: the node's
 * recent inflations ({@link InflatedBodies}, for a page decoded for one response: each store read is a new array),
 * or inflated once and kept with the page (a page a near cache keeps decoded, which tells its owner through
 * {@code onKept} so that the owner can count the bytes).
 */
public final class IdentityBody {
    private static final IdentityBody FROM_NODE = new IdentityBody(null);

    /** Told once the bytes are kept; {@code null}: keeps nothing itself. */
    private final Runnable onKept;
    private volatile byte[] kept;

    private IdentityBody(Runnable onKept) {
        this.onKept = onKept;
    }

    /** Keeps nothing itself: the node's recent inflations answer, else the body is inflated for this response. */
    public static IdentityBody fromNode() {
        return FROM_NODE;
    }

    /** Inflates on first use and keeps the bytes; {@code onKept} runs after they are kept. */
    public static IdentityBody keptOnce(Runnable onKept) {
        return new IdentityBody(onKept);
    }

    /** The bytes kept so far, or {@code null}. */
    public byte[] kept() {
        return kept;
    }

    /** How many bytes this holds beyond the page's body (for a memory bound). */
    public int keptLength() {
        byte[] k = kept;
        return k == null ? 0 : k.length;
    }

    /** The identity bytes of {@code gzipped}, the body of the page under {@code canonicalKey}. */
    byte[] bytes(String canonicalKey, byte[] gzipped, int identityLength) throws IOException {
        if (onKept == null) {
            return InflatedBodies.NODE.identity(canonicalKey, gzipped, identityLength);
        }
        byte[] k = kept;
        if (k != null) {
            return k;
        }
        k = Bodies.gunzip(gzipped, identityLength);
        // Two first responses may both inflate: the same bytes, and the owner counts them again either way.
        kept = k;
        onKept.run();
        return k;
    }

    /** Writes the identity bytes of {@code gzipped}; streamed, without a whole-body array, when nothing keeps them. */
    void writeTo(String canonicalKey, byte[] gzipped, int identityLength, OutputStream out) throws IOException {
        if (onKept == null) {
            InflatedBodies.NODE.writeTo(canonicalKey, gzipped, identityLength, out);
        } else {
            out.write(bytes(canonicalKey, gzipped, identityLength));
        }
    }
}
