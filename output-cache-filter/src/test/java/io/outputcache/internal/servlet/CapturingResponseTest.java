package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestServer;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every servlet edge the capturing response handles, on a real Jetty response: a servlet wraps its response,
 * runs one scenario against the wrapper, then finishes as the filter does (a held body is written with its own
 * length; a streamed one is left alone). The test sees what the client received and what the wrapper reported.
 */
class CapturingResponseTest {
    private static final int LIMIT = 16;
    private static final String SIXTEEN = "0123456789abcdef";
    private static final Map<String, Scenario> SCENARIOS = new ConcurrentHashMap<>();
    private static final Map<String, CompletableFuture<Outcome>> OUTCOMES = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestServer server;

    /** One servlet's use of the response; {@code notes} records what it observed along the way. */
    private interface Scenario {
        void run(CapturingResponse response, HttpServletResponse real, Map<String, Object> notes) throws IOException;
    }

    /** What the wrapper reported after the scenario, and what the scenario noted. */
    private record Outcome(Capture capture, boolean streaming, String held, int listenerCalls,
                           Map<String, Object> notes) {
    }

    private record Result(HttpProbe.Response http, Outcome outcome) {
        Object note(String key) {
            return outcome.notes().get(key);
        }
    }

    private static final class ScenarioServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse real) throws IOException {
            Scenario scenario = SCENARIOS.get(request.getPathInfo());
            AtomicInteger told = new AtomicInteger();
            CapturingResponse response = new CapturingResponse(real, LIMIT, r -> {
                told.incrementAndGet();
                r.addHeader("X-Streaming", "told");
            });
            Map<String, Object> notes = new ConcurrentHashMap<>();
            try {
                scenario.run(response, real, notes);
            } catch (IOException | RuntimeException e) {
                notes.put("failed", e.toString());
            }
            Capture capture = response.capture();
            byte[] held = response.body();
            // Completed before the body is written: a response that streamed may already be complete at the client.
            OUTCOMES.get(request.getPathInfo()).complete(new Outcome(capture, response.isStreaming(),
                    new String(held, StandardCharsets.ISO_8859_1), told.get(), notes));
            if (capture == Capture.COMPLETE) {
                real.setContentLength(held.length);
                real.getOutputStream().write(held);
            }
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.builder().servlet("/*", new ScenarioServlet()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Result run(Scenario scenario) {
        String path = "/s" + NAMES.incrementAndGet();
        SCENARIOS.put(path, scenario);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        OUTCOMES.put(path, outcome);
        HttpProbe.Response http = server.client().get(path);
        try {
            Outcome seen = outcome.get(10, TimeUnit.SECONDS);
            assertThat(seen.notes().get("failed")).as("the scenario threw").isNull();
            return new Result(http, seen);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the servlet did not report " + path, e);
        }
    }

    private static Object thrown(ThrowingAction action) {
        try {
            action.run();
            return "nothing";
        } catch (IllegalStateException | IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    private interface ThrowingAction {
        void run() throws IOException;
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

    @Test
    void writerAndStreamExcludeEachOther() {
        Result r = run((response, real, notes) -> {
            response.getWriter().print("w");
            notes.put("streamAfterWriter", thrown(response::getOutputStream));
            notes.put("writerAgain", response.getWriter() == response.getWriter());
        });
        Result s = run((response, real, notes) -> {
            response.getOutputStream().write('s');
            notes.put("writerAfterStream", thrown(response::getWriter));
        });
        assertThat(r.note("streamAfterWriter")).isEqualTo("IllegalStateException");
        assertThat(r.note("writerAgain")).isEqualTo(true);
        assertThat(s.note("writerAfterStream")).isEqualTo("IllegalStateException");
        assertThat(r.http().text()).isEqualTo("w");
        assertThat(s.http().text()).isEqualTo("s");
    }

    @Test
    void writerEncodesWithTheResponseEncodingAndFixesItInContentType() {
        Result r = run((response, real, notes) -> {
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("é");
        });
        assertThat(r.http().rawBody()).containsExactly(0xc3, 0xa9);
        assertThat(r.http().header("Content-Type")).containsIgnoringCase("charset=UTF-8");
    }

    @Test
    void writerWithoutAnEncodingUsesTheServletDefault() {
        Result r = run((response, real, notes) -> {
            response.setContentType("text/plain");
            response.getWriter().print("é");
        });
        assertThat(r.http().rawBody()).containsExactly(0xe9);
        assertThat(r.http().header("Content-Type")).containsIgnoringCase("charset=ISO-8859-1");
    }

    @Test
    void theEncodingIsFixedOnceTheWriterExists() {
        Result r = run((response, real, notes) -> {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("é");
            response.setCharacterEncoding("ISO-8859-1");
            response.setContentType("text/html;charset=UTF-16");
            response.getWriter().print("ü");
        });
        assertThat(new String(r.http().rawBody(), StandardCharsets.UTF_8)).isEqualTo("éü");
        assertThat(r.http().header("Content-Type")).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    }

    @Test
    void resetClearsHeldBodyHeadersStatusAndTheWriterChoice() {
        Result r = run((response, real, notes) -> {
            response.setStatus(201);
            response.setHeader("X-Gone", "1");
            response.getOutputStream().write("old".getBytes(StandardCharsets.US_ASCII));
            response.reset();
            response.getWriter().print("new");
        });
        assertThat(r.outcome().capture()).isEqualTo(Capture.COMPLETE);
        assertThat(r.http().status()).isEqualTo(200);
        assertThat(r.http().header("X-Gone")).isNull();
        assertThat(r.http().text()).isEqualTo("new");
    }

    @Test
    void resetForgetsADeclaredLength() {
        Result r = run((response, real, notes) -> {
            response.setContentLength(9);
            response.reset();
            response.getOutputStream().write("ab".getBytes(StandardCharsets.US_ASCII));
            response.streamThrough(Capture.ASYNC);
        });
        assertThat(r.http().header("Content-Length")).isNotEqualTo("9");
        assertThat(r.http().text()).isEqualTo("ab");
    }

    @Test
    void resetBufferEmptiesTheHeldBodyAndKeepsHeaders() {
        Result r = run((response, real, notes) -> {
            response.setHeader("X-Kept", "1");
            response.getWriter().print("old");
            response.resetBuffer();
            response.getWriter().print("new");
        });
        assertThat(r.http().header("X-Kept")).isEqualTo("1");
        assertThat(r.http().text()).isEqualTo("new");
    }

    @Test
    void whileHoldingTheBufferIsTheWholePageUpToTheLimit() {
        Result r = run((response, real, notes) -> {
            response.setBufferSize(4);
            notes.put("holding", response.getBufferSize());
            response.streamThrough(Capture.ASYNC);
            notes.put("streaming", response.getBufferSize() == real.getBufferSize());
        });
        assertThat(r.note("holding")).isEqualTo(LIMIT);
        assertThat(r.note("streaming")).isEqualTo(true);
    }

    @Test
    void aWriteListenerOnAHeldBodyMayWriteAtOnce() {
        Result r = run((response, real, notes) -> {
            response.getOutputStream().setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    notes.put("possible", true);
                }

                @Override
                public void onError(Throwable t) {
                    notes.put("error", t.toString());
                }
            });
            notes.put("ready", response.getOutputStream().isReady());
        });
        assertThat(r.note("possible")).isEqualTo(true);
        assertThat(r.note("ready")).isEqualTo(true);
        assertThat(r.note("error")).isNull();
    }
}
