package io.outputcache;

import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode, RFC 9111 §4.4: the invalidation an unsafe request causes is done before its response can reach the
 * client, also when the application flushes its whole answer long before it returns. Real Jetty, real Redis, and a
 * raw-socket HTTP/1.1 client that keeps its connections open (the probe client closes each one).
 */
class UnsafeInvalidationOrderIT {
    private final AtomicInteger version = new AtomicInteger();
    private TestServer server;

    private void start(long postLingerMillis) {
        HttpServlet item = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                answer(req, res, postLingerMillis);
            }
        };
        OutputCacheConfig config = OutputCacheConfig.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix())
                .rule(CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build())
                .build();
        server = TestServer.builder().servlet("/*", item).filter(new OutputCacheFilter(config)).start();
    }

    private void answer(HttpServletRequest req, HttpServletResponse res, long postLingerMillis) throws IOException {
        if ("POST".equals(req.getMethod())) {
            version.incrementAndGet();
            byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
            res.setContentLength(ok.length);
            res.getOutputStream().write(ok);
            res.flushBuffer(); // the whole answer is on the wire now
            sleep(postLingerMillis); // ... while the application still works
            return;
        }
        res.setHeader("Cache-Control", "max-age=600");
        res.setContentType("text/plain");
        res.getWriter().print("v" + version.get());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aGetRightAfterAPostOnOneConnectionNeverGetsTheOldEntry() throws IOException {
        start(0);
        try (KeepAlive connection = new KeepAlive(server.port())) {
            for (int i = 0; i < 200; i++) {
                assertThat(connection.exchange("GET", "/item")).isEqualTo("v" + version.get());
                assertThat(connection.exchange("POST", "/item")).isEqualTo("ok");
                assertThat(connection.exchange("GET", "/item")).as("round " + i).isEqualTo("v" + version.get());
            }
        }
    }

    @Test
    void aGetOnAnotherConnectionAfterTheFlushedPostAnswerNeverGetsTheOldEntry() throws IOException {
        start(150);
        try (KeepAlive posts = new KeepAlive(server.port()); KeepAlive gets = new KeepAlive(server.port())) {
            for (int i = 0; i < 10; i++) {
                gets.exchange("GET", "/item");
                String expected = "v" + (version.get() + 1);
                assertThat(posts.exchange("POST", "/item")).isEqualTo("ok");
                // The POST's answer is complete while its application still runs: the entry must be gone already.
                assertThat(gets.exchange("GET", "/item")).as("round " + i).isEqualTo(expected);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One HTTP/1.1 connection kept open; each exchange reads the response by its Content-Length. */
    private static final class KeepAlive implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        KeepAlive(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String exchange(String method, String target) throws IOException {
            String body = method.equals("POST") ? "x=1" : "";
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length() + "\r\n") + "\r\n";
            out.write((head + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int length = -1;
            StringBuilder fields = new StringBuilder();
            for (String line = line(); !line.isEmpty(); line = line()) {
                fields.append(line).append('\n');
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                }
                assertThat(lower).as("the connection stays open").doesNotStartWith("connection: close");
            }
            assertThat(length).as("a response with Content-Length: " + fields).isNotNegative();
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
