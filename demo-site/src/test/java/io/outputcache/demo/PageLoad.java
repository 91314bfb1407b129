package io.outputcache.demo;

import io.outputcache.testing.HttpProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounded load for tests: a fixed number of clients, each sending its next request when the previous one is
 * answered (so the load never grows beyond what the server answers), for random product pages of the shop.
 * Every answer is kept with its status and time taken.
 */
final class PageLoad implements AutoCloseable {
    /** One answer: when it was asked (nanoTime), its status and how long it took. */
    record Sample(long startNanos, int status, long nanos) {
        double millis() {
            return nanos / 1e6;
        }
    }

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();

    private PageLoad(HttpProbe http, int clients, int products, long seed) {
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(seed * 100 + c);
            Thread t = new Thread(() -> {
                while (running.get()) {
                    String path = "/product/" + (1 + random.nextInt(products));
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.get(path).status();
                    } catch (RuntimeException e) {
                        status = -1;
                    }
                    samples.add(new Sample(start, status, System.nanoTime() - start));
                }
            }, "page-load-" + c);
            t.setDaemon(true);
            this.clients.add(t);
            t.start();
        }
    }

    static PageLoad start(HttpProbe http, int clients, int products, long seed) {
        return new PageLoad(http, clients, products, seed);
    }

    /** Answers to requests sent from {@code fromNanos} on. */
    List<Sample> since(long fromNanos) {
        return samples.stream().filter(s -> s.startNanos() - fromNanos >= 0).toList();
    }

    List<Sample> all() {
        return List.copyOf(samples);
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : clients) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The given percentile of the times taken, in milliseconds (nearest rank). */
    static double percentile(List<Sample> samples, double p) {
        if (samples.isEmpty()) {
            throw new AssertionError("no samples");
        }
        long[] sorted = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** How many answers had each status (-1: no answer). */
    static Map<Integer, Long> statuses(List<Sample> samples) {
        Map<Integer, Long> out = new TreeMap<>();
        samples.forEach(s -> out.merge(s.status(), 1L, Long::sum));
        return out;
    }
}
