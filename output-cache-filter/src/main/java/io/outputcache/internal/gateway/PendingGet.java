package io.outputcache.internal.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A GET whose caller does not block on it (a request that gave its thread back while the store answers): the
 * same bounds and accounting as a waited read of {@link StoreCalls} (what is left of the budget, at most
 * store-timeout; a breaker that opens meanwhile releases it at once; success and failure feed the breaker), but
 * the outcome is a future that completes with the {@link StoreCalls.Lookup}, never exceptionally.
 */
final class PendingGet {
    /**
     * The timer of every pending read's deadline. Not {@code CompletableFuture.orTimeout}: its scheduler keeps a
     * cancelled deadline queued until it is due and then wakes for it. Reads that wait a whole store-timeout (nearly
     * all) are timed by their calls' {@link ReadDeadlines}, one task at a time; only a read that has less of its
     * request's budget left gets a task of its own here, cancelled when it is answered.
     */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private PendingGet() {
    }

    /** The deadlines of one {@link StoreCalls}' reads that wait the whole store-timeout. */
    static ReadDeadlines deadlines() {
        return new ReadDeadlines((task, delayNanos) -> TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                System::nanoTime);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "outputcache-read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    static CompletableFuture<StoreCalls.Lookup> start(StoreCalls calls, Supplier<CompletionStage<byte[]>> call,
                                                      StoreBudget budget) {
        long start = System.nanoTime();
        CompletionStage<byte[]> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            budget.spend(System.nanoTime() - start);
            calls.failed("get", "failed", e);
            return CompletableFuture.completedFuture(new StoreCalls.Unavailable());
        }
        CompletableFuture<byte[]> done = Stages.answeredAlready(stage);
        if (done != null) {
            // Answered without I/O (a near cache's copy): the caller goes on on its own thread.
            calls.succeeded();
            budget.spend(System.nanoTime() - start);
            return CompletableFuture.completedFuture(found(done.join()));
        }
        long timeoutNanos = calls.timeout().toNanos();
        long waitNanos = Math.min(timeoutNanos, budget.leftNanos());
        CompletableFuture<byte[]> waiting = Stages.relay(stage);
        calls.waiters.add(waiting);
        Runnable answered = deadline(calls, waiting, start, waitNanos, timeoutNanos);
        return waiting.handle((value, error) -> {
            answered.run();
            calls.waiters.remove(waiting);
            budget.spend(System.nanoTime() - start);
            if (error == null) {
                calls.succeeded();
                return found(value);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                if (waitNanos >= timeoutNanos) { // else only this request's budget ran out: no verdict on the store
                    calls.failed("get", "timed out after " + calls.timeout().toMillis() + " ms", null);
                }
            } else if (!(cause instanceof StoreCalls.BreakerOpened)) {
                calls.failed("get", "failed", cause);
            }
            return new StoreCalls.Unavailable();
        });
    }

    /** Arms the read's deadline; returns what disarms it once the read is over. */
    private static Runnable deadline(StoreCalls calls, CompletableFuture<byte[]> waiting, long start, long waitNanos,
                                     long timeoutNanos) {
        if (waitNanos >= timeoutNanos) {
            return calls.deadlines.add(waiting, start + waitNanos)::answered;
        }
        ScheduledFuture<?> task = TIMER.schedule(() -> waiting.completeExceptionally(new TimeoutException()),
                waitNanos, TimeUnit.NANOSECONDS);
        return () -> task.cancel(false);
    }

    private static StoreCalls.Lookup found(byte[] value) {
        return value == null ? new StoreCalls.Absent() : new StoreCalls.Found(value);
    }
}
