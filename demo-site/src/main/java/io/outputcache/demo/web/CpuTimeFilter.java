package io.outputcache.demo.web;

import io.outputcache.demo.DemoServices;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests and the CPU time their request threads spend (cache lookup, rendering, writing), so the
 * benchmark can report CPU per request for the server alone, without the load generator in the same process.
 */
public final class CpuTimeFilter implements Filter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final boolean measure = THREADS.isCurrentThreadCpuTimeSupported();
    private Meter meter;

    /** The totals, kept by {@link DemoServices} so that the stats and the benchmark can read them. */
    public static final class Meter {
        private final LongAdder requests = new LongAdder();
        private final LongAdder cpuNanos = new LongAdder();

        public long requests() {
            return requests.sum();
        }

        public long cpuNanos() {
            return cpuNanos.sum();
        }
    }

    @Override
    public void init(FilterConfig config) {
        meter = DemoServices.from(config.getServletContext()).meter();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        meter.requests.increment();
        if (!measure) {
            chain.doFilter(request, response);
            return;
        }
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            chain.doFilter(request, response);
        } finally {
            meter.cpuNanos.add(THREADS.getCurrentThreadCpuTime() - start);
        }
    }
}
