package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.fragment.HoleCapture;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.fragment.HoleStreamingResponse;
import io.outputcache.internal.gateway.ThrottledLog;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.servlet.AsyncCapture;
import io.outputcache.internal.servlet.CapturingResponse;
import io.outputcache.internal.servlet.ErrorHolding;
import io.outputcache.internal.servlet.IdentityWatch;
import io.outputcache.internal.servlet.RenderRequest;
import io.outputcache.internal.servlet.ServletFacts;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Renders a page through the application with its body held, for the store: holes are written as markers (filled
 * on the way out if the page streams instead), and the request hides what the filter answers itself. When the
 * response is whole, on the request thread or when the application completes it asynchronously, the caller's
 * {@link Ending} decides what happens to it. Live and shadow mode render through here alike.
 */
final class PageRender {

    /**
     * Request fields the application does not see when rendering a page to store: the filter answers the
     * client's conditional and range requests itself from the whole page, and compresses the page itself.
     */
    private static final Set<String> HIDDEN_FROM_RENDER = Set.of(
            "if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range",
            "accept-encoding");
    /** HTTP mode forwards Accept-Encoding: the origin's Vary decides what varies, not the filter. */
    private static final Set<String> HIDDEN_FROM_RENDER_HTTP = Set.of(
            "if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range");

    /** What becomes of a render. */
    interface Ending {
        /** The response is whole and held: store it, or not, and write the client. */
        void complete(Captured captured) throws IOException;

        /**
         * The application threw. Returns true when this ending answered the client instead (stale-if-error);
         * false lets the exception through.
         *
         * @param committed whether part of the failed response already reached the client
         */
        boolean failed(Exception error, boolean committed) throws IOException;

        /** Whether a stale copy may stand in for a failed render: then a 5xx {@code sendError} is held for it. */
        default boolean standsInOnError() {
            return false;
        }
    }

    private final OutputCacheConfig config;
    private final Clock clock;
    private final Counters counters;
    private final ThrottledLog log;

    PageRender(OutputCacheConfig config, Counters counters, ThrottledLog log) {
        this.config = config;
        this.clock = config.clock();
        this.counters = counters;
        this.log = log;
    }

    /**
     * Renders and hands the result to {@code ending}.
     *
     * @param forwardReason the {@code fwd} of the Cache-Status if the page streams past the size limit
     * @param forwarded     fields set on the request the application sees (validators, surrogate capability)
     * @return completes when the render is over, which for an asynchronous application is after this returns
     */
    CompletableFuture<Void> run(Exchange ex, String forwardReason, Map<String, String> forwarded, Ending ending)
            throws IOException, ServletException {
        HoleCapture holes = HoleCapture.begin(ex.request());
        HoleStreamingResponse streamed = new HoleStreamingResponse(ex.response(), holes,
                HoleFilling.once(ex.request(), ex.response()));
        CapturingResponse capture = new CapturingResponse(streamed, config.maxBodySize(), real -> {
            CacheStatus status = CacheStatus.of(config.cacheStatusName()).fwd(forwardReason);
            if (config.debugHeaders()) {
                status.detail(Refusal.TOO_LARGE.label());
            }
            real.addHeader(CacheStatus.HEADER, status.toString());
        });
        // A proxied render reports a failed origin exchange with sendError(502): held, so the stale copy may answer.
        HttpServletResponse rendered = ending.standsInOnError() ? new ErrorHolding(capture) : capture;
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Records whether the application asks who its user is: such a page is not stored (Personalisation).
        IdentityWatch identity = new IdentityWatch(RenderRequest.of(ex.request(),
                ex.rule().mode() == CacheMode.OUTPUT ? HIDDEN_FROM_RENDER : HIDDEN_FROM_RENDER_HTTP, forwarded));
        AsyncCapture renderRequest = new AsyncCapture(identity, rendered, new AsyncCapture.Hooks() {
                    @Override
                    public void beforeComplete() {
                        // The application completed its asynchronous response: finish as a synchronous one would.
                        try {
                            finish(ex, capture, holes, streamed, identity, ending);
                        } catch (IOException | RuntimeException e) {
                            log.error("async-finish:" + e.getClass().getSimpleName(), "finishing the asynchronous"
                                    + " response to " + AppPath.raw(ex.request()) + " failed", e);
                        } finally {
                            holes.end();
                            done.complete(null);
                        }
                    }

                    @Override
                    public void interrupted(String how) {
                        // Dispatched, timed out or failed: the container writes the rest; let it through unstored.
                        try {
                            capture.streamThrough(Capture.ASYNC);
                            streamed.finish();
                        } catch (IOException | RuntimeException e) {
                            log.warn("async-" + how, "could not release the held body after async " + how + ": " + e);
                        } finally {
                            holes.end();
                            counters.refused(Refusal.ASYNC.label());
                            done.complete(null);
                        }
                    }
                });
        try {
            ex.chain().doFilter(renderRequest, rendered);
        } catch (IOException | ServletException | RuntimeException e) {
            if (ending.failed(e, capture.isStreaming())) {
                return CompletableFuture.completedFuture(null);
            }
            throw e;
        } finally {
            if (!renderRequest.started()) {
                holes.end(); // an asynchronous response ends it in the hooks above
            }
        }
        if (renderRequest.started()) {
            return done; // finished by the hooks above, when the application completes (maybe already has)
        }
        if (ex.request().isAsyncStarted()) {
            // Started on a request object the filter did not hand out: let its bytes through and store nothing.
            capture.streamThrough(Capture.ASYNC);
            streamed.finish();
            counters.refused(Refusal.ASYNC.label());
            return CompletableFuture.completedFuture(null);
        }
        finish(ex, capture, holes, streamed, identity, ending);
        return CompletableFuture.completedFuture(null);
    }

    private void finish(Exchange ex, CapturingResponse capture, HoleCapture holes, HoleStreamingResponse streamed,
                        IdentityWatch identity, Ending ending) throws IOException {
        Capture captured = capture.capture();
        if (captured != Capture.COMPLETE) {
            streamed.finish();
            counters.refused(captured.refusal().label()); // already streamed, or the container writes an error page
            return;
        }
        Instant responseTime = clock.instant();
        ending.complete(new Captured(ex.response().getStatus(), ServletFacts.headers(ex.response()), capture.body(),
                holes, ex.now(), responseTime, identity.used()));
    }
}
