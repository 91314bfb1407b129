package io.outputcache.internal.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * The response a render gets while a stale copy may stand in for its failure (stale-if-error, RFC 5861 §4): a
 * {@code sendError} with a server error status (5xx) is held as that status with no body, instead of handing the
 * response to the container's error page, so that the render's ending sees the 5xx and serves the stale copy. A
 * proxy servlet answers a failed origin exchange (connection closed, reset, timed out) this way: without the hold
 * the container would write its 502 page and the stale copy could never replace it. Any other {@code sendError},
 * and one after the response is committed, passes through unchanged.
 */
public final class ErrorHolding extends HttpServletResponseWrapper {

    public ErrorHolding(HttpServletResponse held) {
        super(held);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (!hold(sc)) {
            super.sendError(sc, msg);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        if (!hold(sc)) {
            super.sendError(sc);
        }
    }

    private boolean hold(int sc) {
        if (sc < 500 || isCommitted()) {
            return false;
        }
        resetBuffer();
        setStatus(sc);
        return true;
    }
}
