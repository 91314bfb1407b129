package io.outputcache.resilience;

import io.outputcache.testing.InFrontOf;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Wraps the filter under test and times, on the server, how long each request spent in it and how much of that
 * was the application's render. The difference is what the cache (and a failing store) added: the quantity the
 * latency bounds are about, without the client's and the socket's scheduling noise on a busy test machine.
 */
final class TimedFilter extends InFrontOf {
    /** Render time of the current request, set by the test servlet. */
    static final ThreadLocal<long[]> RENDER = ThreadLocal.withInitial(() -> new long[1]);

    record Timing(String path, long startNanos, long totalNanos, long renderNanos) {
    }

    private final ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();

    TimedFilter(Filter delegate) {
        super(delegate);
    }

    static void rendered(long nanos) {
        RENDER.get()[0] += nanos;
    }

    List<Timing> since(long startNanos) {
        List<Timing> out = new ArrayList<>();
        for (Timing t : timings) {
            if (t.startNanos() >= startNanos) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RENDER.get()[0] = 0;
        long start = System.nanoTime();
        try {
            behind.doFilter(request, response, chain);
        } finally {
            timings.add(new Timing(((jakarta.servlet.http.HttpServletRequest) request).getRequestURI(), start,
                    System.nanoTime() - start, RENDER.get()[0]));
        }
    }

}
