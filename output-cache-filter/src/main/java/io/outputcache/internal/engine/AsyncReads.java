package io.outputcache.internal.engine;

import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Async store reads: a request whose page lookup has to wait for the store gives its thread back
 * ({@code startAsync()}) instead of parking it on the store's future. When the read is over the request resumes
 * in {@code AsyncContext.start}: a fresh hit is written there and the cycle completed; anything else is carried
 * ({@link CarriedRead}) to an ASYNC dispatch on which the filter goes on as the synchronous path would.
 *
 * <p>Bounded twice: the read itself by the request's store budget (at most store-timeout), and the async cycle by
 * store-timeout plus {@link #MARGIN}, after which the request is dispatched as if the store had not answered. A
 * filter not mapped for ASYNC dispatches would leave every miss to an uncached render: the first request that shows
 * it (its carried read still untaken when the cycle completes) turns async reads off, with an error in the log.
 */
final class AsyncReads {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");
    /** Room past store-timeout for the container to run the resumption before the cycle times out. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    /** What the request does with the read's answer on the thread it resumed on. */
    interface Resumption {
        /** @return whether the response is complete (a fresh hit); else a read was carried to the ASYNC dispatch */
        boolean resume(StoreCalls.Lookup first) throws IOException, ServletException;
    }

    /** A suspended request, released to resume once the thread that suspended it has left the filter. */
    static final class Suspended {
        private final CompletableFuture<Void> returned = new CompletableFuture<>();

        void threadReturned() {
            returned.complete(null);
        }
    }

    private final boolean enabled;
    private final Duration cycleTimeout;
    private final AtomicBoolean unmapped = new AtomicBoolean();

    AsyncReads(boolean enabled, Duration storeTimeout) {
        this.enabled = enabled;
        this.cycleTimeout = storeTimeout.plus(MARGIN);
    }

    /**
     * Whether this request may give its thread back during its lookup: the option is on (and no request showed the
     * filter missing from ASYNC dispatches), and the container allows it for this request.
     */
    boolean eligible(HttpServletRequest request) {
        return enabled && !unmapped.get() && request.getDispatcherType() == DispatcherType.REQUEST
                && request.isAsyncSupported() && !request.isAsyncStarted();
    }

    /**
     * Starts the async cycle on {@code container} (the request as the filter received it, so that the ASYNC
     * dispatch goes down the chain as the first one did) and resumes with the read's answer. Empty when the
     * container refuses the cycle after all: the caller then waits for the read (it is bounded).
     */
    Optional<Suspended> suspend(HttpServletRequest container, CompletableFuture<StoreCalls.Lookup> read,
                                StoreBudget budget, Instant now, Resumption resumption) {
        AsyncContext async;
        try {
            async = container.startAsync();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            LOG.debug("async store read refused by the container; waiting for the read instead", e);
            return Optional.empty();
        }
        async.setTimeout(cycleTimeout.toMillis());
        AtomicBoolean claimed = new AtomicBoolean();
        async.addListener(new Watch(container, claimed, now));
        Suspended suspended = new Suspended();
        read.thenCombine(suspended.returned, (first, ignored) -> first).thenAccept(first -> {
            if (claimed.compareAndSet(false, true)) {
                async.start(() -> resume(async, container, first, budget, now, resumption));
            }
        });
        return Optional.of(suspended);
    }

    private static void resume(AsyncContext async, HttpServletRequest container, StoreCalls.Lookup first,
                               StoreBudget budget, Instant now, Resumption resumption) {
        boolean complete;
        try {
            complete = resumption.resume(first);
        } catch (IOException e) {
            // The client went away while a hit was written: nothing left to serve.
            async.complete();
            return;
        } catch (ServletException | RuntimeException e) {
            if (async.getResponse().isCommitted()) {
                LOG.warn("async store read: writing a hit failed after the response was committed", e);
                async.complete();
                return;
            }
            LOG.warn("async store read: resuming failed; the page is served as if the store had not answered", e);
            async.getResponse().reset(); // nothing half-written of a hit reaches the render's response
            new CarriedRead(new StoreCalls.Unavailable(), Optional.empty(), budget, now).carry(container);
            complete = false;
        }
        if (complete) {
            async.complete();
        } else {
            async.dispatch();
        }
    }

    /** Times the cycle out into a dispatch, and notices a filter that the ASYNC dispatch never reached. */
    private final class Watch implements AsyncListener {
        private final HttpServletRequest container;
        private final AtomicBoolean claimed;
        private final Instant now;

        Watch(HttpServletRequest container, AtomicBoolean claimed, Instant now) {
            this.container = container;
            this.claimed = claimed;
            this.now = now;
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (claimed.compareAndSet(false, true)) {
                // No answer and no resumption in store-timeout plus the margin: render without waiting any more.
                new CarriedRead(new StoreCalls.Unavailable(), Optional.empty(), new StoreBudget(Duration.ZERO), now)
                        .carry(container);
                event.getAsyncContext().dispatch();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (CarriedRead.isCarried(container) && unmapped.compareAndSet(false, true)) {
                LOG.error("async-store-reads is on, but the ASYNC dispatch of {} never reached the output cache"
                        + " filter, so that request was rendered uncached: map the filter for the ASYNC dispatcher"
                        + " type as well as REQUEST (<dispatcher>ASYNC</dispatcher>, or"
                        + " OutputCacheFilter.dispatcherTypes()). Async store reads are off until restart.",
                        container.getRequestURI());
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            // The container ends the cycle; nothing of ours is held.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not re-registered: the resumed request does not start another cycle of ours.
        }
    }
}
