package io.outputcache.demo.shop;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bound and the breaker around every data-store call, with calls that answer, fail or never answer. */
class StoreGuardTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    private final Breaker breaker = new Breaker(2, Duration.ofSeconds(5));
    private final StoreGuard guard = new StoreGuard(breaker, Duration.ofMillis(50), clock);

    @Test
    void anAnswerInTimeIsReturned() {
        assertThat(guard.call("read", () -> CompletableFuture.completedFuture("value"))).isEqualTo("value");
    }

    @Test
    void aCallThatNeverAnswersEndsAtTheBound() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.call("read", CompletableFuture::new))
                .isInstanceOf(DataStoreUnavailableException.class).hasMessageContaining("longer than 50 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFailedCallIsReportedAsUnavailableWithItsCause() {
        IllegalStateException cause = new IllegalStateException("connection refused");
        assertThatThrownBy(() -> guard.call("read", () -> CompletableFuture.failedFuture(cause)))
                .isInstanceOf(DataStoreUnavailableException.class).hasCause(cause);
    }

    @Test
    void onceOpenTheBreakerRefusesWithoutCallingAndSaysWhenToRetry() {
        failTwice();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> guard.call("read", () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("value");
        })).isInstanceOfSatisfying(DataStoreUnavailableException.class, e -> {
            assertThat(e.getMessage()).contains("breaker is open");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(calls).hasValue(0);
        assertThat(guard.state()).isEqualTo(Breaker.State.OPEN);
    }

    @Test
    void aCallThatThrowsBeforeReturningAFutureCountsAsAFailure() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.call("read", () -> {
                throw new IllegalStateException("client shut down");
            })).isInstanceOf(DataStoreUnavailableException.class);
        }
        assertThat(guard.state()).isEqualTo(Breaker.State.OPEN);
    }

    private void failTwice() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.call("read",
                    () -> CompletableFuture.failedFuture(new IllegalStateException("down"))))
                    .isInstanceOf(DataStoreUnavailableException.class);
        }
    }
}
