package io.outputcache.internal.flight;

import io.outputcache.internal.entry.CachedPage;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What a request that found no usable page gets when it enters the {@link RenderFlight} of its key: render it
 * (leading, with or without the cross-node lease), serve the page that another render produced meanwhile, or
 * (for a refresh in grace) nothing, because another render is already under way.
 */
public sealed interface Turn permits Turn.Render, Turn.Served, Turn.Followed, Turn.Busy {

    /**
     * This request renders the page. It hands what it stored to the requests waiting on it with {@link #landed}
     * before it writes its own client, and {@link #close}s its turn when the render is over, which for an
     * asynchronous application is after the request thread has returned.
     */
    sealed interface Render extends Turn, AutoCloseable permits RenderTurn {
        /**
         * The store's invalidation epoch, read before this render started: what it stores is checked against it
         * (a page rendered while one of its tags was invalidated is not kept). Empty when the store did not
         * answer; the render is then not stored.
         */
        OptionalLong renderEpoch();

        /**
         * The render is over: {@code shareable} is handed to this node's followers now, and the lease (if held)
         * is released once {@code written} completes, so that no other node starts a render in between.
         * Only the first call counts.
         */
        void landed(Optional<CachedPage> shareable, CompletableFuture<Void> written);

        /** Ends the turn: lands with nothing if {@link #landed} was not called. Idempotent; never throws. */
        @Override
        void close();
    }

    /** Another node (or an earlier request of this one) stored the page meanwhile: serve it, render nothing. */
    record Served(CachedPage page) implements Turn {
    }

    /** This node's render of the same key finished while we waited: serve its page. */
    record Followed(CachedPage page) implements Turn {
    }

    /** A refresh is already under way (here or on another node): serve the stale copy. */
    record Busy() implements Turn {
    }
}
