package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
 * The harness of {@link CapturingResponseTest} and {@link CapturingResponseWriterTest}: a real Jetty whose servlet
 * wraps its response in a {@link CapturingResponse}, runs one scenario against the wrapper, then finishes as the
 * filter does (a held body is written with its own length; a streamed one is left alone). {@link #run} returns what
 * the client received and what the wrapper reported.
 */
final class ScenarioServer implements AutoCloseable {
    static final int LIMIT = 16;
    static final String SIXTEEN = "0123456789abcdef";
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger names = new AtomicInteger();
    private final TestServer server;

    /** One servlet's use of the response; {@code notes} records what it observed along the way. */
    interface Scenario {
        void run(CapturingResponse response, HttpServletResponse real, Map<String, Object> notes) throws IOException;
    }

    /** What the wrapper reported after the scenario, and what the scenario noted. */
    record Outcome(Capture capture, boolean streaming, String held, int listenerCalls, Map<String, Object> notes) {
    }

    record Result(HttpProbe.Response http, Outcome outcome) {
        Object note(String key) {
            return outcome.notes().get(key);
        }
    }

    interface ThrowingAction {
        void run() throws IOException;
    }

    private ScenarioServer() {
        server = TestServer.builder().servlet("/*", new ScenarioServlet()).start();
    }

    static ScenarioServer start() {
        return new ScenarioServer();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class ScenarioServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse real) throws IOException {
            Scenario scenario = scenarios.get(request.getPathInfo());
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
            outcomes.get(request.getPathInfo()).complete(new Outcome(capture, response.isStreaming(),
                    new String(held, StandardCharsets.ISO_8859_1), told.get(), notes));
            if (capture == Capture.COMPLETE) {
                real.setContentLength(held.length);
                real.getOutputStream().write(held);
            }
        }
    }

    Result run(Scenario scenario) {
        String path = "/s" + names.incrementAndGet();
        scenarios.put(path, scenario);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(path, outcome);
        HttpProbe.Response http = server.client().get(path);
        try {
            Outcome seen = outcome.get(10, TimeUnit.SECONDS);
            assertThat(seen.notes().get("failed")).as("the scenario threw").isNull();
            return new Result(http, seen);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the servlet did not report " + path, e);
        }
    }

    /** The simple name of what {@code action} threw, or {@code "nothing"}. */
    static Object thrown(ThrowingAction action) {
        try {
            action.run();
            return "nothing";
        } catch (IllegalStateException | IOException e) {
            return e.getClass().getSimpleName();
        }
    }
}
