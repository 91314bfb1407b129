package io.outputcache.internal.fragment;

import java.util.Arrays;

/**
 * The last filled gzip body of one page version on this node, with the fills that made it: when the next response
 * renders the same fills (every anonymous visitor of a shop gets the same empty cart and no token), it is
 * byte-identical, so its body and ETag suffix are reused instead of spliced and hashed again.
 *
 * <p>One slot, replaced by each response whose fills differ: a page seen by many distinct users costs one array
 * comparison more than without it. The body is shared between responses and never written to (a response only
 * sends it).
 */
final class LastFill {
    /**
     * One filled response.
     *
     * @param texts          the fills, in hole order
     * @param body           the filled gzip body
     * @param etagSuffix     what the page's ETag stem is extended by
     * @param identityLength the filled page's identity length
     */
    record Filled(String[] texts, byte[] body, String etagSuffix, int identityLength) {
    }

    private volatile Filled last;

    /** The filled response for exactly these fills, if it is the last one made. */
    Filled find(String[] texts) {
        Filled filled = last;
        return filled != null && Arrays.equals(filled.texts(), texts) ? filled : null;
    }

    /** Remembers {@code filled} as the last one made (a racy replacement: any of two concurrent ones is right). */
    void remember(Filled filled) {
        last = filled;
    }
}
