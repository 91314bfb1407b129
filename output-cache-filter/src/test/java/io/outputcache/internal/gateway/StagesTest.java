package io.outputcache.internal.gateway;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Stages#answeredAlready}: which stages a read may take without waiting. */
class StagesTest {

    @Test
    void aCompletedFutureIsTakenAsItIs() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("v");

        assertThat(Stages.answeredAlready(done)).isSameAs(done);
    }

    @Test
    void aCompletedReadOnlyViewIsTakenThroughAFutureOfItsOwn() {
        // A shared read's reply: minimalCompletionStage() is a CompletableFuture whose isDone() throws.
        CompletionStage<String> view = CompletableFuture.completedFuture("v").minimalCompletionStage();

        assertThat(Stages.answeredAlready(view)).isNotNull().satisfies(f -> assertThat(f.join()).isEqualTo("v"));
    }

    @Test
    void pendingFailedAndOpaqueStagesAreWaitedFor() {
        CompletionStage<String> opaque = new CompletableFuture<String>() {
            @Override
            public CompletableFuture<String> toCompletableFuture() {
                throw new UnsupportedOperationException("not viewable");
            }
        };

        assertThat(Stages.answeredAlready(new CompletableFuture<String>())).isNull();
        assertThat(Stages.answeredAlready(new CompletableFuture<String>().minimalCompletionStage())).isNull();
        assertThat(Stages.answeredAlready(CompletableFuture.<String>failedFuture(new IllegalStateException()))).isNull();
        assertThat(Stages.answeredAlready(opaque)).isNull();
    }
}
