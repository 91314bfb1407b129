package io.outputcache.internal.servlet;

import io.outputcache.internal.policy.ResponseFacts.Capture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Holds the body of a response in memory, up to a limit, so that it can be stored and then sent with the
 * filter's own headers. Status and headers go straight to the wrapped response, which stays uncommitted while
 * the body is held.
 *
 * <p>The response is in exactly one of three states and only moves forward, from holding:
 * <ul>
 * <li><b>holding</b>: the body is in memory, nothing is committed; the page may be stored
 *     ({@link #capture()} is {@link Capture#COMPLETE});</li>
 * <li><b>streaming</b> (a body or declared length over the limit, or {@link #streamThrough}): what was held has
 *     been written out and the rest goes straight to the client; nothing is stored, {@link #capture()} says why;</li>
 * <li><b>container writes</b> ({@code sendError}, {@code sendRedirect}, from either state): the held body is
 *     dropped and what the application still writes is discarded, since the body is the container's.</li>
 * </ul>
 * Each servlet edge is handled on purpose; the reason is on each method.
 */
public final class CapturingResponse extends HttpServletResponseWrapper {

    /** Called once, just before the response switches to streaming, while headers can still be added. */
    public interface StreamingListener {
        void beforeStreaming(HttpServletResponse response);
    }

    /** Where the body goes; see the class comment for the transitions. */
    private enum Phase { HOLDING, STREAMING, CONTAINER_WRITES }

    /** The one state variable: where the body goes and how the capture ends; no other combination can exist. */
    private record State(Phase phase, Capture capture) {
        static final State HOLDING = new State(Phase.HOLDING, Capture.COMPLETE);
        static final State CONTAINER_WRITES = new State(Phase.CONTAINER_WRITES, Capture.ERROR_SENT);

        State {
            if ((phase == Phase.HOLDING) != (capture == Capture.COMPLETE)
                    || (phase == Phase.CONTAINER_WRITES) != (capture == Capture.ERROR_SENT)) {
                throw new IllegalArgumentException(phase + " cannot end as " + capture);
            }
        }
    }

    /** Which of the two body APIs the application took (the servlet spec allows one per response). */
    private enum BodyApi { NONE, STREAM, WRITER }

    private final long limit;
    private final StreamingListener streamingListener;
    private final HeldBody buffer = new HeldBody();
    private final CaptureStream stream = new CaptureStream();
    private State state = State.HOLDING;
    private BodyApi bodyApi = BodyApi.NONE;
    private PrintWriter writer;
    private Charset writerCharset;
    /** The length the application declared while holding, passed on only if the response streams. */
    private OptionalLong declaredLength = OptionalLong.empty();

    public CapturingResponse(HttpServletResponse response, long limit, StreamingListener streamingListener) {
        super(response);
        this.limit = limit;
        this.streamingListener = streamingListener;
    }

    /**
     * Stops holding: what is held is written out and the rest streams to the client (nothing is stored). Only a
     * holding response moves: one that already streams keeps its first reason, and after {@code sendError} the
     * container owns the body.
     */
    public void streamThrough(Capture reason) throws IOException {
        if (state.phase() != Phase.HOLDING) {
            return;
        }
        flushWriter();
        if (state.phase() != Phase.HOLDING) {
            return; // the writer's last bytes outgrew the limit and switched already, with the listener told once
        }
        state = new State(Phase.STREAMING, reason);
        HttpServletResponse real = (HttpServletResponse) getResponse();
        streamingListener.beforeStreaming(real);
        if (declaredLength.isPresent()) {
            real.setContentLengthLong(declaredLength.getAsLong());
        }
        if (buffer.size() > 0) {
            real.getOutputStream().write(buffer.array(), 0, buffer.size());
            buffer.reset();
        }
    }

    /** How the capture ended; call after the chain returned. */
    public Capture capture() {
        flushWriter();
        return state.capture();
    }

    /** The held body (valid when {@link #capture()} is {@link Capture#COMPLETE}). */
    public byte[] body() {
        flushWriter();
        return buffer.toByteArrayExact();
    }

    /** True once the body is no longer held: it streams, or the container writes it after {@code sendError}. */
    public boolean isStreaming() {
        return state.phase() != Phase.HOLDING;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (bodyApi == BodyApi.WRITER) {
            throw new IllegalStateException("getWriter() has already been called on this response");
        }
        bodyApi = BodyApi.STREAM;
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (bodyApi == BodyApi.STREAM) {
            throw new IllegalStateException("getOutputStream() has already been called on this response");
        }
        if (writer == null) {
            writerCharset = charset(getResponse().getCharacterEncoding());
            // Fix the encoding in Content-Type, as the container does when its own writer is taken.
            getResponse().setCharacterEncoding(writerCharset.name());
            writer = new PrintWriter(new OutputStreamWriter(stream, writerCharset), false);
            bodyApi = BodyApi.WRITER;
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
            super.setCharacterEncoding(writerCharset.name()); // a charset in the type must not undo the writer's
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len); // one rule for both widths
    }

    /**
     * While holding, remembered and not passed on: the filter writes the body itself, maybe gzip-compressed, with
     * its own length. A length above the limit switches to streaming at once (the body cannot be held). A negative
     * length means "unknown" (as for the container) and forgets a declared one.
     */
    @Override
    public void setContentLengthLong(long len) {
        if (state.phase() != Phase.HOLDING) {
            super.setContentLengthLong(len);
            return;
        }
        declaredLength = len < 0 ? OptionalLong.empty() : OptionalLong.of(len);
        if (len > limit) {
            try {
                streamThrough(Capture.TOO_LARGE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if ("content-length".equalsIgnoreCase(name)) {
            setContentLengthLong(parseLength(value)); // the same field, so the same rules as setContentLength
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

    /**
     * The held body is dropped: after sendError "the response should be considered to be committed and should not
     * be written to" ({@link HttpServletResponse#sendError(int, String)}); the container writes the error page.
     */
    @Override
    public void sendError(int sc, String msg) throws IOException {
        handBodyToContainer();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        handBodyToContainer();
        super.sendError(sc);
    }

    /** As for sendError: the redirect's body is the container's, what was held is dropped. */
    @Override
    public void sendRedirect(String location) throws IOException {
        handBodyToContainer();
        super.sendRedirect(location);
    }

    /**
     * While holding, a no-op apart from flushing the writer into the buffer: committing would send the headers
     * before the filter adds its own, and the page goes out whole a moment later anyway.
     */
    @Override
    public void flushBuffer() throws IOException {
        flushWriter();
        if (state.phase() != Phase.HOLDING) {
            super.flushBuffer();
        }
    }

    /** False while holding: nothing has been sent, so the application may still set headers, reset or sendError. */
    @Override
    public boolean isCommitted() {
        return state.phase() != Phase.HOLDING && super.isCommitted();
    }

    /**
     * Clears status, headers and body, and frees the choice between writer and stream (servlet spec). The state
     * does not go back: bytes that streamed or an error the container writes cannot be taken back, and a committed
     * response refuses the reset as the container's would.
     */
    @Override
    public void reset() {
        if (state.phase() != Phase.HOLDING && super.isCommitted()) {
            throw new IllegalStateException("response already committed");
        }
        super.reset();
        buffer.reset();
        declaredLength = OptionalLong.empty();
        writer = null;
        bodyApi = BodyApi.NONE;
    }

    /** While holding, empties the held body (and what the writer still buffers); headers stay. */
    @Override
    public void resetBuffer() {
        if (state.phase() != Phase.HOLDING) {
            super.resetBuffer();
            return;
        }
        flushWriter();
        buffer.reset();
    }

    /** While holding, the buffer is the whole page up to the limit. */
    @Override
    public int getBufferSize() {
        return state.phase() == Phase.HOLDING ? (int) Math.min(Integer.MAX_VALUE, limit) : super.getBufferSize();
    }

    /** While holding, a no-op: the buffer is already the whole page up to the limit; a smaller one changes nothing. */
    @Override
    public void setBufferSize(int size) {
        if (state.phase() != Phase.HOLDING) {
            super.setBufferSize(size);
        }
    }

    private void handBodyToContainer() {
        flushWriter();
        buffer.reset();
        state = State.CONTAINER_WRITES;
    }

    private void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (state.phase() == Phase.HOLDING && (long) buffer.size() + len > limit) {
            streamThrough(Capture.TOO_LARGE);
        }
        switch (state.phase()) {
            case HOLDING -> buffer.write(b, off, len);
            case STREAMING -> getResponse().getOutputStream().write(b, off, len);
            case CONTAINER_WRITES -> { } // discarded: the container owns the body after sendError
        }
    }

    /** A value that is not a number is no length at all (the container would not send it either). */
    private static long parseLength(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
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

        /** Only a streaming body has anywhere to flush to; a held one is sent whole, a discarded one never. */
        @Override
        public void flush() throws IOException {
            if (state.phase() == Phase.STREAMING) {
                getResponse().getOutputStream().flush();
            }
        }

        /** Memory is always ready, and so is the discarding after sendError; a stream is as ready as the client. */
        @Override
        public boolean isReady() {
            return state.phase() != Phase.STREAMING || safeIsReady();
        }

        private boolean safeIsReady() {
            try {
                return getResponse().getOutputStream().isReady();
            } catch (IOException e) {
                return false; // a stream we cannot reach is not ready
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                if (state.phase() == Phase.HOLDING) {
                    listener.onWritePossible(); // memory is always ready
                } else {
                    getResponse().getOutputStream().setWriteListener(listener);
                }
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
