package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.HeaderMap;

/**
 * What the decision classes may know about a rendered response.
 *
 * @param status  the status the application set
 * @param headers the header fields the application set
 * @param capture whether the whole body was captured, and if not why
 */
public record ResponseFacts(int status, HeaderMap headers, Capture capture) {

    /** How the body capture ended. */
    public enum Capture {
        /** The whole body is in memory. */
        COMPLETE(null),
        /** The body outgrew max-body-size and was streamed to the client. */
        TOO_LARGE(Refusal.TOO_LARGE),
        /** The application called sendError or sendRedirect: the container writes the body. */
        ERROR_SENT(Refusal.ERROR_SENT),
        /** The application opted this response out of caching. */
        OPTED_OUT(Refusal.OPTED_OUT),
        /** The application went asynchronous and writes the body after the filter returned. */
        ASYNC(Refusal.ASYNC);

        private final Refusal refusal;

        Capture(Refusal refusal) {
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public CacheControl cacheControl() {
        return CacheControl.of(headers);
    }
}
