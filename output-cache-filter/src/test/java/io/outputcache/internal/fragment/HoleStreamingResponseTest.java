package io.outputcache.internal.fragment;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-the-fly filling of a streamed page, whatever the write boundaries. */
class HoleStreamingResponseTest {
    private static final String PAGE = "<html><!-- a comment --><p>a<b</p><!--oc:hole:cart-->mid<!--oc:hole:bad name-->"
            + "<!--oc:hole:token--><!--oc</html>";
    private static final String FILLED = "<html><!-- a comment --><p>a<b</p>[CART]mid<!--oc:hole:bad name-->"
            + "[TOKEN]<!--oc</html>";

    /** A response whose only working parts are the output stream and the headers (a dynamic proxy elsewhere). */
    private static final class Sink extends HttpServletResponseWrapper {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> headers = new HashMap<>();
        long contentLength = -1;

        Sink() {
            super((HttpServletResponse) Proxy.newProxyInstance(Sink.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        throw new UnsupportedOperationException(method.getName());
                    }));
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void setContentLengthLong(long len) {
            contentLength = len;
        }
    }

    private static HoleCapture deferredCapture() {
        HttpServletRequest request = new HttpServletRequestWrapper((HttpServletRequest) Proxy.newProxyInstance(
                HoleStreamingResponseTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> null));
        HoleCapture capture = HoleCapture.begin(request);
        capture.markDeferred();
        return capture;
    }

    private static String stream(HoleCapture capture, Sink sink, int chunk) throws IOException {
        HoleStreamingResponse response = new HoleStreamingResponse(sink, capture,
                name -> "[" + name.toUpperCase() + "]");
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        ServletOutputStream out = response.getOutputStream();
        for (int i = 0; i < page.length; i += chunk) {
            out.write(page, i, Math.min(chunk, page.length - i));
            out.flush();
        }
        response.finish();
        return sink.body.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fillsMarkersWhateverTheWriteBoundaries() throws IOException {
        for (int chunk = 1; chunk <= PAGE.length(); chunk++) {
            assertThat(stream(deferredCapture(), new Sink(), chunk)).as("chunk " + chunk).isEqualTo(FILLED);
        }
    }

    @Test
    void passesEverythingThroughWhileNoHoleWasDeferred() throws IOException {
        HttpServletRequest request = new HttpServletRequestWrapper((HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> null));
        Sink sink = new Sink();
        assertThat(stream(HoleCapture.begin(request), sink, 7)).isEqualTo(PAGE);
        assertThat(sink.headers).doesNotContainKey("Cache-Control");
    }

    @Test
    void dropsContentLengthAndMarksThePagePrivateOnceHolesAreDeferred() throws IOException {
        Sink sink = new Sink();
        HoleStreamingResponse response = new HoleStreamingResponse(sink, deferredCapture(), name -> "x");
        response.setContentLength(1234);
        response.getOutputStream();
        assertThat(sink.contentLength).isEqualTo(-1);
        assertThat(sink.headers).containsEntry("Cache-Control", "private, no-cache");
    }
}
