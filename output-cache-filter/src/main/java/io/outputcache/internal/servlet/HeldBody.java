package io.outputcache.internal.servlet;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The body a {@link CapturingResponse} holds: a byte buffer whose array can be written out without a copy. */
final class HeldBody extends ByteArrayOutputStream {
    HeldBody() {
        super(8192);
    }

    byte[] array() {
        return buf;
    }

    /** The held bytes, without a copy when the array is exactly full. */
    byte[] toByteArrayExact() {
        return buf.length == count ? buf : Arrays.copyOf(buf, count);
    }
}
