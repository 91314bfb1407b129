package io.outputcache.demo.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * A bench client's view of its socket: buffered without locks, and skipping a body by reading it into the buffer in
 * as few reads as the kernel allows. {@code BufferedInputStream} locks on every {@code read()} of the header bytes,
 * and its {@code skip} past the buffer falls through to {@code InputStream.skip}, which reads a body 2,048 bytes at
 * a time into a new array: a 20 kB page cost the client ten system calls on the two cores the server runs on. One
 * instance per connection, used by one thread.
 */
final class ClientInput extends InputStream {
    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int count;

    ClientInput(InputStream in, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive but was " + bufferSize);
        }
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public int read() throws IOException {
        if (pos == count && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == count && !fill()) {
            return -1;
        }
        int n = Math.min(len, count - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Skips up to {@code n} bytes, reading more only when the buffer is used up; 0 at the end of the stream. */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (pos == count && !fill()) {
            return 0;
        }
        int skipped = (int) Math.min(n, count - pos);
        pos += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return count - pos + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One read into the whole buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        count = n;
        return true;
    }
}
