package io.outputcache.demo.hitbench;

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in load generator when {@code wrk} is not installed: one thread per keep-alive connection on raw
 * sockets (HTTP/1.1, closed loop: the next request goes when the response has been read), latencies in
 * HdrHistogram. Leaner than {@code java.net.http}, whose per-request cost would be larger than the limit's. Its
 * response reader is shared with the {@code bench} command's clients.
 */
public final class SocketLoad implements LoadGenerator {
    @Override
    public String name() {
        return "built-in Java (raw HTTP/1.1 sockets, HdrHistogram)";
    }

    @Override
    public Run run(int port, String path, boolean gzip, int connections, Duration duration) throws Exception {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: hitbench\r\n"
                + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            Thread t = new Thread(() -> connection(port, request, deadline, h, requests, errors, bytes),
                    "hitbench-load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        long n = requests.get();
        return new Run(n, errors.get(), seconds, all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0, n == 0 ? 0 : (double) bytes.get() / n);
    }

    private static void connection(int port, byte[] request, long deadline, Histogram h, AtomicLong requests,
                                   AtomicLong errors, AtomicLong bytes) {
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                boolean open = true;
                while (open && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    out.write(request);
                    out.flush();
                    Response r = read(in);
                    h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    requests.incrementAndGet();
                    bytes.addAndGet(r.bodyBytes);
                    if (r.status != 200) {
                        errors.incrementAndGet();
                    }
                    open = !r.close;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                if (System.nanoTime() < deadline) {
                    sleepBriefly();
                }
            }
        }
    }

    /** One response read: its status, body size in bytes, and whether the server closes the connection after it. */
    public record Response(int status, long bodyBytes, boolean close) {
    }

    /** Reads one response: status line, headers, then a body of Content-Length or chunked; returns its size. */
    public static Response read(InputStream in) throws IOException {
        String status = line(in);
        int code = status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : 0;
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        long body = 0;
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line(in)), 16); size > 0;
                 size = Long.parseLong(chunkSize(line(in)), 16)) {
                skip(in, size);
                body += size;
                line(in);
            }
            for (String t = line(in); !t.isEmpty(); t = line(in)) {
                // Trailer fields are not used.
            }
        } else if (length > 0) {
            skip(in, length);
            body = length;
        }
        return new Response(code, body, close);
    }

    private static String chunkSize(String line) {
        int semi = line.indexOf(';');
        return (semi >= 0 ? line.substring(0, semi) : line).trim();
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
