package io.outputcache.internal.entry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the identity bytes of a gzip-stored page come from, for the clients that do not take gzip: inflated for
 * every response (a page decoded for one response), or inflated once and kept with the page (a page a near cache
 * keeps decoded, which tells its owner through {@code onKept} so that the owner can count the bytes).
 */
public final class IdentityBody {
    private static final IdentityBody PER_RESPONSE = new IdentityBody(null);

    /** Told once the bytes are kept; {@code null}: never keeps. */
    private final Runnable onKept;
    private volatile byte[] kept;

    private IdentityBody(Runnable onKept) {
        this.onKept = onKept;
    }

    /** Inflates for each response and keeps nothing. */
    public static IdentityBody perResponse() {
        return PER_RESPONSE;
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

    /** The identity bytes of {@code gzipped}: kept ones, or inflated now (and kept when this keeps). */
    byte[] bytes(byte[] gzipped, int identityLength) throws IOException {
        byte[] k = kept;
        if (k != null) {
            return k;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, identityLength));
        Bodies.gunzip(gzipped, out);
        k = out.toByteArray();
        if (onKept != null) {
            // Two first responses may both inflate: the same bytes, and the owner re-counts either way.
            kept = k;
            onKept.run();
        }
        return k;
    }

    /** Writes the identity bytes of {@code gzipped}: kept ones as they are, else inflated (and kept when this keeps). */
    void writeTo(byte[] gzipped, int identityLength, OutputStream out) throws IOException {
        if (onKept == null) {
            Bodies.gunzip(gzipped, out); // nothing kept: streamed, no whole-body array
            return;
        }
        out.write(bytes(gzipped, identityLength));
    }
}
