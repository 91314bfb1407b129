package io.outputcache.resilience;

import io.outputcache.testing.HttpProbe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Bounded loopback load: a fixed number of client threads, each sending one request after another over a fixed
 * set of paths until the time is up. Records every request's start, latency, status and Cache-Status.
 */
final class LoadRun {

    record Sample(long startNanos, long latencyNanos, int status, String cacheStatus, String failure) {
        long latencyMillis() {
            return latencyNanos / 1_000_000;
        }
    }

    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private volatile long stopAt;

    /** Starts {@code clients} threads requesting {@code path.apply(random index < paths)} for {@code millis}. */
    static LoadRun start(HttpProbe http, int clients, int paths, IntFunction<String> path, long millis) {
        LoadRun run = new LoadRun();
        run.stopAt = System.nanoTime() + millis * 1_000_000;
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < run.stopAt) {
                    String target = path.apply(ThreadLocalRandom.current().nextInt(paths));
                    long start = System.nanoTime();
                    try {
                        HttpProbe.Response r = http.get(target);
                        run.samples.add(new Sample(start, System.nanoTime() - start, r.status(), r.cacheStatus(), null));
                    } catch (RuntimeException e) {
                        run.samples.add(new Sample(start, System.nanoTime() - start, 0, null, e.toString()));
                    }
                }
            }, "load-" + i);
            t.start();
            run.threads.add(t);
        }
        return run;
    }

    /** Ends the run early: each client finishes the request it is sending and stops. */
    void stopSoon() {
        stopAt = System.nanoTime();
    }

    List<Sample> finish() throws InterruptedException {
        for (Thread t : threads) {
            t.join(30_000);
        }
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    static long percentileMillis(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000;
    }
}
