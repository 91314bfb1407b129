package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.servlet.ScenarioServer.Result;
import io.outputcache.internal.servlet.ScenarioServer.Scenario;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.outputcache.internal.servlet.ScenarioServer.LIMIT;
import static io.outputcache.internal.servlet.ScenarioServer.thrown;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet API around the held body of the capturing response, on a real Jetty response (see
 * {@link ScenarioServer}): writer and stream, the writer's encoding, {@code reset}/{@code resetBuffer}, the buffer
 * size and a write listener. How the body is held, streamed and flushed is in {@link CapturingResponseTest}.
 */
class CapturingResponseWriterTest {
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
