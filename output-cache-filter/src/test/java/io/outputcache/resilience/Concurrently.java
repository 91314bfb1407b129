package io.outputcache.resilience;

import io.outputcache.testing.HttpProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Fires many requests at once (all released by one latch) and collects the responses. */
final class Concurrently {
    private Concurrently() {
    }

    static List<HttpProbe.Response> get(int count, IntFunction<HttpProbe> clientFor, String target,
                                        String... headerLines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpProbe.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpProbe client = clientFor.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return client.get(target, headerLines);
                }));
            }
            if (!ready.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("client threads did not start");
            }
            go.countDown();
            List<HttpProbe.Response> responses = new ArrayList<>();
            for (Future<HttpProbe.Response> f : futures) {
                responses.add(f.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
