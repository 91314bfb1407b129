package io.outputcache.internal.fragment;

import io.outputcache.OutputCache;
import jakarta.servlet.ServletRequest;

import java.util.Optional;

/**
 * The state of one page render whose output may be stored: while it is on the request ({@link #ATTRIBUTE}),
 * holes are written as markers instead of their content, because the stored page must hold no per-user part.
 * The filter begins it before the application renders and ends it after; the dialect reads it.
 */
public final class HoleCapture {

    /** Request attribute holding the capture of the page being rendered for the store. */
    public static final String ATTRIBUTE = HoleCapture.class.getName();

    private final ServletRequest request;
    private volatile boolean deferred;

    private HoleCapture(ServletRequest request) {
        this.request = request;
    }

    /** Starts capturing holes for a render of this request. */
    public static HoleCapture begin(ServletRequest request) {
        HoleCapture capture = new HoleCapture(request);
        request.setAttribute(ATTRIBUTE, capture);
        return capture;
    }

    /** The capture of the page now rendering for the store, if any. */
    public static Optional<HoleCapture> of(ServletRequest request) {
        if (request == null) {
            return Optional.empty();
        }
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof HoleCapture capture ? Optional.of(capture) : Optional.empty();
    }

    /** Ends the capture: later renders of holes (filling, error pages) write their content again. */
    public void end() {
        if (request.getAttribute(ATTRIBUTE) == this) {
            request.removeAttribute(ATTRIBUTE);
        }
    }

    /** The page now holds at least one marker that must be filled before the body is sent. */
    public void markDeferred() {
        deferred = true;
    }

    /** Whether a hole was left as a marker. Only such pages are scanned and filled, so content cannot forge one. */
    public boolean deferred() {
        return deferred;
    }

    /**
     * A hole could not be deferred (no renderer registered for it): its content is in the page, so the page must
     * not be stored.
     */
    public void refuseStore() {
        OutputCache.disableFor(request);
    }
}
