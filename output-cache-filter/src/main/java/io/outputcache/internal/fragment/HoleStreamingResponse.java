package io.outputcache.internal.fragment;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The response under the capture of a page render, for the case where the page is not held but streamed (it
 * outgrew max-body-size, or went async): bytes pass through a filter that fills hole markers on the fly, so a
 * page with holes is not sent unfilled even when it cannot be stored. While no hole has been deferred it passes
 * everything through untouched.
 *
 * <p>A marker may be split across writes: up to one marker's length of bytes is held back until the next write
 * or {@link #finish()}. A {@code Content-Length} set after a hole was deferred is dropped (the fills change the
 * length; the container sends the body chunked instead). A marker that arrives after a length was already sent is
 * left as it is: an HTML comment, an empty hole, never someone else's content.
 */
public final class HoleStreamingResponse extends HttpServletResponseWrapper {
    private static final byte[] OPEN = "<!--oc:hole:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 64;
    private static final int MAX_MARKER = OPEN.length + MAX_NAME + 3;

    private final HoleCapture capture;
    private final Function<String, String> fill;
    private FillingStream stream;
    private boolean lengthSent;

    public HoleStreamingResponse(HttpServletResponse response, HoleCapture capture, Function<String, String> fill) {
        super(response);
        this.capture = capture;
        this.fill = fill;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (capture.deferred()) {
            return; // the fills change the length
        }
        lengthSent = true;
        super.setContentLengthLong(len);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            if (capture.deferred() && !isCommitted()) {
                // one user's page from here on (see HoleFilling)
                setHeader("Cache-Control", HoleFilling.FILLED_CACHE_CONTROL);
            }
            stream = new FillingStream(super.getOutputStream());
        }
        return stream;
    }

    /** Writes out what is held back (a tail that might have started a marker). */
    public void finish() throws IOException {
        if (stream != null) {
            stream.release();
        }
    }

    private boolean filling() {
        return capture.deferred() && !lengthSent;
    }

    private final class FillingStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private byte[] held = new byte[0];

        FillingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (held.length == 0 && !filling()) {
                out.write(b, off, len);
                return;
            }
            byte[] data;
            int start;
            int end;
            if (held.length > 0) {
                data = Arrays.copyOf(held, held.length + len);
                System.arraycopy(b, off, data, held.length, len);
                held = new byte[0];
                start = 0;
                end = data.length;
            } else {
                data = b;
                start = off;
                end = off + len;
            }
            process(data, start, end);
        }

        private void process(byte[] data, int start, int end) throws IOException {
            int copied = start;
            int i = start;
            while (i < end) {
                if (data[i] != '<') {
                    i++;
                    continue;
                }
                int state = markerAt(data, i, end);
                if (state == NOT_A_MARKER) {
                    i++;
                    continue;
                }
                if (state == NEED_MORE) {
                    out.write(data, copied, i - copied);
                    held = Arrays.copyOfRange(data, i, end);
                    return;
                }
                int nameStart = i + OPEN.length;
                String name = new String(data, nameStart, state - nameStart, StandardCharsets.US_ASCII);
                out.write(data, copied, i - copied);
                out.write(fill.apply(name).getBytes(StandardCharsets.UTF_8));
                i = state + 3;
                copied = i;
            }
            out.write(data, copied, end - copied);
        }

        private static final int NOT_A_MARKER = -1;
        private static final int NEED_MORE = -2;

        /** End of the name of a marker starting at {@code at}, or NOT_A_MARKER, or NEED_MORE (cut off by end). */
        private int markerAt(byte[] data, int at, int end) {
            if (!filling()) {
                return NOT_A_MARKER;
            }
            for (int k = 0; k < OPEN.length; k++) {
                if (at + k >= end) {
                    return NEED_MORE;
                }
                if (data[at + k] != OPEN[k]) {
                    return NOT_A_MARKER;
                }
            }
            int nameStart = at + OPEN.length;
            for (int j = nameStart; j < nameStart + MAX_NAME + 1; j++) {
                if (j + 2 >= end) {
                    return end - at >= MAX_MARKER ? NOT_A_MARKER : NEED_MORE;
                }
                byte c = data[j];
                if (c == '-' && data[j + 1] == '-' && data[j + 2] == '>') {
                    return j > nameStart ? j : NOT_A_MARKER;
                }
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-';
                if (!ok) {
                    return NOT_A_MARKER;
                }
            }
            return NOT_A_MARKER;
        }

        void release() throws IOException {
            if (held.length > 0) {
                byte[] tail = held;
                held = new byte[0];
                out.write(tail);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // what is held back stays: it may be half a marker
        }

        @Override
        public void close() throws IOException {
            release();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
