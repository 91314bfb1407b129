package io.outputcache.internal.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response that runs an action once, before the first byte of its body or its header block can leave: before
 * the first write, flush, {@code flushBuffer}, {@code sendRedirect}, and (called by its owner) when the application
 * is done. Nothing is held, so the response streams as before; the action sees the status and header fields the
 * application set up to that moment (which, once a byte is written, the container may send at any time). Used for
 * unsafe methods, whose invalidation must be done before the client can have the answer (RFC 9111 §4.4).
 */
public final class BeforeFirstByte extends HttpServletResponseWrapper {
    private final Runnable action;
    private final AtomicBoolean ran = new AtomicBoolean();
    private ServletOutputStream stream;
    private PrintWriter writer;

    public BeforeFirstByte(HttpServletResponse response, Runnable action) {
        super(response);
        this.action = action;
    }

    /** Runs the action unless it ran already. */
    public void runOnce() {
        if (ran.compareAndSet(false, true)) {
            action.run();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        runOnce();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        // The action must see the redirect it precedes (RFC 9111 §4.4 invalidates the Location too).
        setHeader("Location", location);
        setStatus(SC_FOUND);
        runOnce();
        super.sendRedirect(location);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream real = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    runOnce();
                    real.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    runOnce();
                    real.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    runOnce();
                    real.flush();
                }

                @Override
                public void close() throws IOException {
                    runOnce();
                    real.close();
                }

                @Override
                public boolean isReady() {
                    return real.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    real.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter real = super.getWriter();
            writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) {
                    runOnce();
                    real.write(chars, off, len);
                }

                @Override
                public void flush() {
                    runOnce();
                    real.flush();
                }

                @Override
                public void close() {
                    runOnce();
                    real.close();
                }
            });
        }
        return writer;
    }
}
