package io.outputcache.internal.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The deadlines of pending reads that all wait the same time (store-timeout from when they were sent), kept in the
 * order they were sent, which is the order they fall due: one timer task at a time, for the oldest read still
 * unanswered, instead of a task per read. A task per read costs every read a scheduling and a cancelling under the
 * scheduler's lock, and a wake-up of its thread whenever the new task becomes the queue's head; here a read that is
 * answered only marks its entry, and the timer wakes about once per store-timeout while reads are answered in time.
 */
final class ReadDeadlines {
    /** Runs a task after a delay, on a thread of its own. */
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    /** A pending read's place in the queue. */
    static final class Entry {
        private final long deadlineNanos;
        /** Null once the read was answered: nothing to time out, and the value is not held until the sweep. */
        private volatile CompletableFuture<?> waiting;

        private Entry(long deadlineNanos, CompletableFuture<?> waiting) {
            this.deadlineNanos = deadlineNanos;
            this.waiting = waiting;
        }

        /** The read is over: its deadline no longer matters. */
        void answered() {
            waiting = null;
        }
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Timer timer;
    private final LongSupplier nanoTime;

    ReadDeadlines(Timer timer, LongSupplier nanoTime) {
        this.timer = timer;
        this.nanoTime = nanoTime;
    }

    /**
     * Completes {@code waiting} with a {@link TimeoutException} at {@code deadlineNanos} (on the {@code nanoTime}
     * scale) unless {@link Entry#answered} is called first. Deadlines must come in the order they fall due (to
     * within the moment between reading the clock and adding), as reads sent with one timeout do.
     */
    Entry add(CompletableFuture<?> waiting, long deadlineNanos) {
        dropAnswered();
        Entry entry = new Entry(deadlineNanos, waiting);
        entries.add(entry);
        arm();
        return entry;
    }

    /** How many entries are queued (answered ones included until they are dropped). */
    int queued() {
        return entries.size();
    }

    /** Answered reads at the head are dropped as new ones come, so that the queue stays as short as what is pending. */
    private void dropAnswered() {
        Entry head;
        while ((head = entries.peek()) != null && head.waiting == null) {
            entries.remove(head);
        }
    }

    private void sweep() {
        armed.set(false);
        long now = nanoTime.getAsLong();
        Entry head;
        while ((head = entries.peek()) != null) {
            CompletableFuture<?> waiting = head.waiting;
            if (waiting != null && head.deadlineNanos - now > 0) {
                break;
            }
            entries.remove(head);
            if (waiting != null) {
                waiting.completeExceptionally(new TimeoutException());
            }
        }
        arm();
    }

    /** One timer task at a time, due when the oldest entry is. */
    private void arm() {
        Entry head = entries.peek();
        if (head != null && armed.compareAndSet(false, true)) {
            timer.schedule(this::sweep, Math.max(0, head.deadlineNanos - nanoTime.getAsLong()));
        }
    }
}
