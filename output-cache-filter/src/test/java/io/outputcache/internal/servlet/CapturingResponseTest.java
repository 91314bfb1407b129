package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.servlet.ScenarioServer.Result;
import io.outputcache.internal.servlet.ScenarioServer.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.outputcache.internal.servlet.ScenarioServer.SIXTEEN;
import static io.outputcache.internal.servlet.ScenarioServer.thrown;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the capturing response holds a body, on a real Jetty response (see {@link ScenarioServer}): within the limit
 * and over it, declared lengths, {@code sendError}/{@code sendRedirect}, streaming through and {@code flushBuffer}.
 * The writer and stream, encodings, reset and the buffer are in {@link CapturingResponseWriterTest}.
 */
class CapturingResponseTest {
    private static ScenarioServer scenarios;

    @BeforeAll
    static void start() {
        scenarios = ScenarioServer.start();
    }

    @AfterAll
    static void stop() {
        scenarios.close();
    }

    private static Result run(Scenario scenario) {
        return scenarios.run(scenario);
    }

    @Test
    void bodyWithinTheLimitIsHeldAndNothingIsCommittedUntilTheFilterWrites() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            notes.put("wrapperCommitted", response.isCommitted());
            notes.put("realCommitted", real.isCommitted());
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.COMPLETE);
        assertThat(r.outcome().streaming()).isFalse();
        assertThat(r.outcome().held()).isEqualTo("hello");
        assertThat(r.note("wrapperCommitted")).isEqualTo(false);
        assertThat(r.note("realCommitted")).isEqualTo(false);
        assertThat(r.http().text()).isEqualTo("hello");
        assertThat(r.http().header("X-Streaming")).isNull();
    }

    @Test
    void bodyOverTheLimitStreamsWhatWasHeldAndTheRestAndTellsTheListenerOnce() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().write(SIXTEEN.getBytes(StandardCharsets.US_ASCII));
            notes.put("streamingAtLimit", response.isStreaming());
            response.getOutputStream().write("!".getBytes(StandardCharsets.US_ASCII));
            response.getOutputStream().write("?".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(r.note("streamingAtLimit")).isEqualTo(false);
        assertThat(r.outcome().capture()).isEqualTo(Capture.TOO_LARGE);
        assertThat(r.outcome().streaming()).isTrue();
        assertThat(r.outcome().held()).isEmpty();
        assertThat(r.outcome().listenerCalls()).isEqualTo(1);
        assertThat(r.http().text()).isEqualTo(SIXTEEN + "!?");
        assertThat(r.http().headers("X-Streaming")).containsExactly("told");
    }

    @Test
    void declaredLengthOverTheLimitStreamsAtOnceAndIsSent() {
        Result r = run((response, real, notes) -> {
            response.setContentLengthLong(20);
            notes.put("streaming", response.isStreaming());
            response.getOutputStream().write((SIXTEEN + "wxyz").getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(r.note("streaming")).isEqualTo(true);
        assertThat(r.outcome().capture()).isEqualTo(Capture.TOO_LARGE);
        assertThat(r.http().header("Content-Length")).isEqualTo("20");
        assertThat(r.http().text()).isEqualTo(SIXTEEN + "wxyz");
    }

    @Test
    void declaredLengthWhileHoldingIsRememberedNotSent() {
        Result r = run((response, real, notes) -> {
            response.setContentLength(5);
            notes.put("realLength", String.valueOf(real.getHeader("Content-Length")));
            response.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(r.note("realLength")).isEqualTo("null");
        assertThat(r.outcome().capture()).isEqualTo(Capture.COMPLETE);
        assertThat(r.http().text()).isEqualTo("hello");
    }

    @Test
    void declaredLengthIsSentWhenTheResponseLaterStreams() {
        Result r = run((response, real, notes) -> {
            response.setHeader("Content-Length", "10");
            response.getOutputStream().write("0123456789".getBytes(StandardCharsets.US_ASCII));
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.ASYNC);
        assertThat(r.http().header("Content-Length")).isEqualTo("10");
        assertThat(r.http().text()).isEqualTo("0123456789");
    }

    @Test
    void contentLengthAsAHeaderFollowsTheSameRulesAndAnUnreadableOneIsNoLength() {
        Result r = run((response, real, notes) -> {
            response.addIntHeader("Content-Length", 8);
            response.setHeader("Content-Length", "not a number");
            response.addHeader("content-length", null);
            notes.put("realLength", String.valueOf(real.getHeader("Content-Length")));
            response.getOutputStream().write("12".getBytes(StandardCharsets.US_ASCII));
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.note("realLength")).isEqualTo("null");
        assertThat(r.http().header("Content-Length")).isNotEqualTo("8");
        assertThat(r.http().text()).isEqualTo("12");
    }

    @Test
    void sendErrorDropsTheHeldBodyAndDiscardsLaterWrites() {
        Result r = run((response, real, notes) -> {
            response.getWriter().print("secret-page");
            response.sendError(404);
            response.getWriter().print("written-after");
            notes.put("committed", response.isCommitted());
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.ERROR_SENT);
        assertThat(r.outcome().streaming()).isTrue();
        assertThat(r.outcome().held()).isEmpty();
        assertThat(r.note("committed")).isEqualTo(true);
        assertThat(r.outcome().listenerCalls()).isZero();
        assertThat(r.http().status()).isEqualTo(404);
        assertThat(r.http().text()).doesNotContain("secret-page").doesNotContain("written-after");
    }

    @Test
    void sendRedirectDropsTheHeldBody() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().write("old".getBytes(StandardCharsets.US_ASCII));
            response.sendRedirect("/elsewhere");
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.ERROR_SENT);
        assertThat(r.http().status()).isEqualTo(302);
        assertThat(r.http().header("Location")).endsWith("/elsewhere");
        assertThat(r.http().text()).doesNotContain("old");
    }

    @Test
    void sendErrorAfterStreamingEndsTheCaptureAsAnError() {
        Result r = run((response, real, notes) -> {
            response.setStatus(200);
            response.streamThrough(Capture.ASYNC);
            response.sendError(503);
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.ERROR_SENT);
        assertThat(r.http().status()).isEqualTo(503);
    }

    @Test
    void streamThroughAfterSendErrorChangesNothing() {
        Result r = run((response, real, notes) -> {
            response.sendError(500);
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.ERROR_SENT);
        assertThat(r.outcome().listenerCalls()).isZero();
        assertThat(r.http().status()).isEqualTo(500);
    }

    @Test
    void aStreamingResponseKeepsItsFirstReason() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().write((SIXTEEN + "+").getBytes(StandardCharsets.US_ASCII));
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.TOO_LARGE);
        assertThat(r.outcome().listenerCalls()).isEqualTo(1);
    }

    @Test
    void writerBytesThatOutgrowTheLimitWhenFlushedAtStreamThroughTellTheListenerOnce() {
        Result r = run((response, real, notes) -> {
            response.getWriter().print(SIXTEEN + SIXTEEN); // still in the writer's encoder, not yet in the buffer
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.TOO_LARGE);
        assertThat(r.outcome().listenerCalls()).isEqualTo(1);
        assertThat(r.http().headers("X-Streaming")).containsExactly("told");
        assertThat(r.http().text()).isEqualTo(SIXTEEN + SIXTEEN);
    }

    @Test
    void flushBufferWhileHoldingCommitsNothingButFlushesTheWriter() {
        Result r = run((response, real, notes) -> {
            response.getWriter().print("abc");
            response.flushBuffer();
            notes.put("held", response.body().length);
            notes.put("wrapperCommitted", response.isCommitted());
            notes.put("realCommitted", real.isCommitted());
            response.setHeader("X-After-Flush", "still possible");
        });
        assertThat(r.note("held")).isEqualTo(3);
        assertThat(r.note("wrapperCommitted")).isEqualTo(false);
        assertThat(r.note("realCommitted")).isEqualTo(false);
        assertThat(r.http().header("X-After-Flush")).isEqualTo("still possible");
        assertThat(r.http().text()).isEqualTo("abc");
    }

    @Test
    void flushBufferWhileStreamingCommits() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().write((SIXTEEN + "+").getBytes(StandardCharsets.US_ASCII));
            response.flushBuffer();
            notes.put("committed", response.isCommitted());
            notes.put("reset", thrown(response::reset));
        });
        assertThat(r.note("committed")).isEqualTo(true);
        assertThat(r.note("reset")).isEqualTo("IllegalStateException");
        assertThat(r.http().text()).isEqualTo(SIXTEEN + "+");
    }
}
