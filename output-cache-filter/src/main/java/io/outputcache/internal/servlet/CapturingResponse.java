package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Holds the body of a response in memory, up to a limit, so that it can be stored and then sent with the
 * filter's own headers. Status and headers go straight to the wrapped response, which stays uncommitted while
 * the body is held.
 *
 * <p>Each servlet edge is handled on purpose:
 * <ul>
 * <li>a body that outgrows the limit, a declared {@code Content-Length} above it, or {@link #streamThrough()}
 *     switches to streaming: what is held is written out and the rest goes straight to the client;</li>
 * <li>{@code sendError}/{@code sendRedirect} drop the held body (as the servlet spec says) and let the container
 *     write its own;</li>
 * <li>{@code flushBuffer} does not commit while holding: committing would send the headers before the filter
 *     adds its own, and the page goes out whole a moment later anyway;</li>
 * <li>{@code Content-Length} set by the application is remembered, not passed on: the filter may send the body
 *     gzip-compressed, with another length;</li>
 * <li>{@code getWriter} encodes with the response's character encoding and fixes it in {@code Content-Type},
 *     as the container's own writer would.</li>
 * </ul>
 */
public final class CapturingResponse extends HttpServletResponseWrapper {

    /** Called once, just before the response switches to streaming, while headers can still be added. */
    public interface StreamingListener {
        void beforeStreaming(HttpServletResponse response);
    }

    private final long limit;
    private final StreamingListener streamingListener;
    private final Buffer buffer = new Buffer();
    private final CaptureStream stream = new CaptureStream();
    private PrintWriter writer;
    private boolean usedStream;
    private Charset writerCharset;
    private Capture capture = Capture.COMPLETE;
    private boolean streaming;
    private long declaredLength = -1;

    public CapturingResponse(HttpServletResponse response, long limit, StreamingListener streamingListener) {
        super(response);
        this.limit = limit;
        this.streamingListener = streamingListener;
    }

    /** Stops holding: what is held is written out and the rest streams to the client (nothing is stored). */
    public void streamThrough(Capture reason) throws IOException {
        if (streaming || capture == Capture.ERROR_SENT) {
            return;
        }
        flushWriter();
        capture = reason;
        streaming = true;
        HttpServletResponse real = (HttpServletResponse) getResponse();
        streamingListener.beforeStreaming(real);
        if (declaredLength >= 0) {
            real.setContentLengthLong(declaredLength);
        }
        if (buffer.size() > 0) {
            real.getOutputStream().write(buffer.array(), 0, buffer.size());
            buffer.reset();
        }
    }

    /** How the capture ended; call after the chain returned. */
    public Capture capture() {
        flushWriter();
        return capture;
    }

    /** The held body (valid when {@link #capture()} is {@link Capture#COMPLETE}). */
    public byte[] body() {
        flushWriter();
        return buffer.toByteArrayExact();
    }

    public boolean isStreaming() {
        return streaming;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called on this response");
        }
        usedStream = true;
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (usedStream) {
            throw new IllegalStateException("getOutputStream() has already been called on this response");
        }
        if (writer == null) {
            writerCharset = charset(getResponse().getCharacterEncoding());
            // Fix the encoding in Content-Type, as the container does when its own writer is taken.
            getResponse().setCharacterEncoding(writerCharset.name());
            writer = new PrintWriter(new OutputStreamWriter(stream, writerCharset), false);
        }
        return writer;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (writer == null) {
            super.setCharacterEncoding(charset); // once the writer exists its encoding is fixed (servlet spec)
        }
    }

    @Override
    public void setContentType(String type) {
        super.setContentType(type);
        if (writer != null && type != null && type.toLowerCase(Locale.ROOT).contains("charset=")) {
            super.setCharacterEncoding(writerCharset.name());
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (streaming) {
            super.setContentLengthLong(len);
            return;
        }
        declaredLength = len;
        if (len > limit) {
            try {
                streamThrough(Capture.TOO_LARGE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if ("content-length".equalsIgnoreCase(name)) {
            setContentLengthLong(parseLength(value));
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if ("content-length".equalsIgnoreCase(name)) {
            setContentLengthLong(parseLength(value));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if ("content-length".equalsIgnoreCase(name)) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if ("content-length".equalsIgnoreCase(name)) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        dropBodyForContainer();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        dropBodyForContainer();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        dropBodyForContainer();
        super.sendRedirect(location);
    }

    @Override
    public void flushBuffer() throws IOException {
        if (streaming) {
            if (writer != null) {
                writer.flush();
            }
            super.flushBuffer();
        } else {
            flushWriter(); // holding the page: nothing is committed until the filter writes it
        }
    }

    @Override
    public boolean isCommitted() {
        return streaming || capture == Capture.ERROR_SENT ? super.isCommitted() : false;
    }

    @Override
    public void reset() {
        if (streaming && super.isCommitted()) {
            throw new IllegalStateException("response already committed");
        }
        super.reset();
        buffer.reset();
        declaredLength = -1;
        writer = null;
        usedStream = false;
    }

    @Override
    public void resetBuffer() {
        if (streaming) {
            super.resetBuffer();
            return;
        }
        flushWriter();
        buffer.reset();
    }

    @Override
    public int getBufferSize() {
        return streaming ? super.getBufferSize() : (int) Math.min(Integer.MAX_VALUE, limit);
    }

    @Override
    public void setBufferSize(int size) {
        if (streaming) {
            super.setBufferSize(size);
        }
        // While holding, the buffer is the whole page up to the limit; a smaller request changes nothing.
    }

    private void dropBodyForContainer() {
        flushWriter();
        buffer.reset();
        capture = Capture.ERROR_SENT;
        streaming = true;
    }

    private void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (capture == Capture.ERROR_SENT) {
            return; // the container owns the body after sendError
        }
        if (!streaming && (long) buffer.size() + len > limit) {
            streamThrough(Capture.TOO_LARGE);
        }
        if (streaming) {
            getResponse().getOutputStream().write(b, off, len);
        } else {
            buffer.write(b, off, len);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.ISO_8859_1; // the servlet spec's default
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** A byte buffer whose array can be written out without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        byte[] array() {
            return buf;
        }

        byte[] toByteArrayExact() {
            return buf.length == count ? buf : Arrays.copyOf(buf, count);
        }
    }

    private final class CaptureStream extends ServletOutputStream {
        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            CapturingResponse.this.write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            CapturingResponse.this.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (streaming && capture != Capture.ERROR_SENT) {
                getResponse().getOutputStream().flush();
            }
        }

        @Override
        public boolean isReady() {
            return !streaming || capture == Capture.ERROR_SENT || safeIsReady();
        }

        private boolean safeIsReady() {
            try {
                return getResponse().getOutputStream().isReady();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                if (streaming) {
                    getResponse().getOutputStream().setWriteListener(listener);
                } else {
                    listener.onWritePossible(); // memory is always ready
                }
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
