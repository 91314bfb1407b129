package io.outputcache.internal.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What can be known of a store call's stage without waiting for it. */
final class Stages {
    private Stages() {
    }

    /**
     * The stage as a future when it has already completed normally, else {@code null}. Through
     * {@code toCompletableFuture()}, since a stage may be a read-only view (a shared read hands out
     * {@code minimalCompletionStage()}s, whose {@code isDone} throws); a stage that cannot be viewed as a future at
     * all (which {@link CompletionStage} allows) is waited for like any other.
     */
    static <T> CompletableFuture<T> answeredAlready(CompletionStage<T> stage) {
        try {
            CompletableFuture<T> future = stage.toCompletableFuture();
            return future.isDone() && !future.isCompletedExceptionally() ? future : null;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * A future that completes as {@code stage} does, for a waiter to hold (and the breaker to complete early, see
     * {@code StoreCalls.waiters}) without touching the store's own stage.
     */
    static <T> CompletableFuture<T> relay(CompletionStage<T> stage) {
        CompletableFuture<T> waiting = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                waiting.complete(value);
            } else {
                waiting.completeExceptionally(error);
            }
        });
        return waiting;
    }
}
