package io.outputcache.internal.gateway;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadDeadlines} on a fake clock and a fake timer: one task at a time, due when the oldest read is. */
class ReadDeadlinesTest {
    private static final long MS = 1_000_000L;

    /** Records what was scheduled; {@link #advanceTo} runs what falls due. */
    private static final class FakeTimer implements ReadDeadlines.Timer {
        long now;
        final List<long[]> dueTimes = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void schedule(Runnable task, long delayNanos) {
            dueTimes.add(new long[]{now + delayNanos});
            tasks.add(task);
        }

        void advanceTo(long nanos) {
            now = nanos;
            for (int i = 0; i < tasks.size(); i++) {
                if (dueTimes.get(i)[0] <= now && tasks.get(i) != null) {
                    Runnable task = tasks.get(i);
                    tasks.set(i, null);
                    task.run();
                }
            }
        }

        long pending() {
            return tasks.stream().filter(t -> t != null).count();
        }
    }

    private final FakeTimer timer = new FakeTimer();
    private final ReadDeadlines deadlines = new ReadDeadlines(timer, () -> timer.now);

    @Test
    void anUnansweredReadTimesOutAtItsDeadlineNotBefore() {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        deadlines.add(read, 500 * MS);

        timer.advanceTo(499 * MS);
        assertThat(read).isNotDone();

        timer.advanceTo(500 * MS);
        assertThat(read).isCompletedExceptionally();
        assertThat(read.handle((v, e) -> e).join()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void manyReadsShareOneTimerTaskAndAnsweredOnesAreNotTouched() {
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            reads.add(read);
            timer.now = i * MS;
            ReadDeadlines.Entry entry = deadlines.add(read, i * MS + 500 * MS);
            if (i != 50) {
                read.complete(new byte[0]);
                entry.answered();
            }
        }

        assertThat(timer.tasks).hasSize(1);
        assertThat(deadlines.queued()).as("answered heads dropped as reads come").isLessThanOrEqualTo(50);

        timer.advanceTo(500 * MS); // due for the first read, answered: re-armed for read 50
        assertThat(reads.get(50)).isNotDone();
        assertThat(timer.pending()).isEqualTo(1);
        assertThat(timer.dueTimes.get(timer.dueTimes.size() - 1)[0]).isEqualTo(550 * MS);

        timer.advanceTo(550 * MS);
        assertThat(reads.get(50)).isCompletedExceptionally();
        assertThat(reads).filteredOn(CompletableFuture::isCompletedExceptionally).hasSize(1);
        assertThat(deadlines.queued()).isZero();
        assertThat(timer.pending()).as("nothing pending: the timer is not armed").isZero();
    }

    @Test
    void theTimerIsArmedAgainForReadsAfterTheQueueRanEmpty() {
        CompletableFuture<byte[]> first = new CompletableFuture<>();
        deadlines.add(first, 500 * MS).answered();
        timer.advanceTo(500 * MS);
        assertThat(timer.pending()).isZero();

        CompletableFuture<byte[]> second = new CompletableFuture<>();
        deadlines.add(second, 1_000 * MS);
        assertThat(timer.pending()).isEqualTo(1);

        timer.advanceTo(1_000 * MS);
        assertThat(second).isCompletedExceptionally();
    }

    @Test
    void readsAddedWhileTheTimerIsArmedAreSweptInOrder() {
        CompletableFuture<byte[]> a = new CompletableFuture<>();
        CompletableFuture<byte[]> b = new CompletableFuture<>();
        deadlines.add(a, 500 * MS);
        timer.now = 100 * MS;
        deadlines.add(b, 600 * MS);

        timer.advanceTo(500 * MS);
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isNotDone();

        timer.advanceTo(600 * MS);
        assertThat(b).isCompletedExceptionally();
    }
}
