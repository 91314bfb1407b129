package io.outputcache.demo.bench;

import io.outputcache.demo.hitbench.SocketLoad;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The bench's clients: one thread per keep-alive connection on raw sockets (HTTP/1.1, closed loop: the next request
 * goes when the response has been read, {@code Accept-Encoding: gzip} like a browser, no cookies like a first-time
 * visitor), latencies in HdrHistogram (microseconds). It replaces {@code java.net.http.HttpClient}, whose own cost
 * per request (its selector thread, futures, header maps) ran on the same two cores as the server and was larger
 * than a cache hit: the "on" row measured the client more than the cache. Both modes use the same clients, and
 * each reads its socket through a {@link ClientInput} (a body in one or two reads, not 2 kB at a time).
 */
final class MixLoad {
    /** What a run measured. */
    record Load(long requests, long errors, double seconds, Histogram histogram) {
    }

    private final int port;
    private final RequestMix mix;
    private final byte[][] requests;

    MixLoad(int port, RequestMix mix) {
        this.port = port;
        this.mix = mix;
        this.requests = new byte[mix.paths().size()][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = ("GET " + mix.paths().get(i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUser-Agent: demo-bench\r\nAccept-Encoding: gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Requests every URL of the mix exactly once, shared out over {@code clients} connections (a crawl). */
    Load crawl(int clients) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        return drive(clients, Long.MAX_VALUE, seed -> () -> {
            int i = next.getAndIncrement();
            return i < requests.length ? i : -1;
        });
    }

    /** Runs {@code clients} connections for {@code duration}, each URL drawn from the mix's Zipf distribution. */
    Load run(int clients, Duration duration, long seed) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        return drive(clients, deadline, t -> {
            SplittableRandom random = new SplittableRandom(seed * 1000 + t);
            return () -> mix.nextIndex(random);
        });
    }

    /** Per client: which URL index comes next, or -1 when it is done. */
    private interface Picker {
        IntSupplier forClient(int client);
    }

    private Load drive(int clients, long deadline, Picker picker) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Histogram h = new Histogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
            histograms.add(h);
            IntSupplier next = picker.forClient(c);
            Thread thread = new Thread(() -> connection(next, deadline, h, count, errors), "bench-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
        histograms.forEach(all::add);
        return new Load(count.get(), errors.get(), seconds, all);
    }

    private void connection(IntSupplier next, long deadline, Histogram h, AtomicLong count, AtomicLong errors) {
        int pending = next.getAsInt();
        while (pending >= 0 && System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new ClientInput(socket.getInputStream(), 64 * 1024);
                boolean open = true;
                while (open && pending >= 0 && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    out.write(requests[pending]);
                    out.flush();
                    SocketLoad.Response r = SocketLoad.read(in);
                    h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    count.incrementAndGet();
                    if (r.status() != 200) {
                        errors.incrementAndGet();
                    }
                    open = !r.close();
                    pending = next.getAsInt();
                }
            } catch (IOException e) {
                // A failed request counts as an error and is not retried: a crawl still requests each URL once.
                errors.incrementAndGet();
                pending = next.getAsInt();
            }
        }
    }
}
