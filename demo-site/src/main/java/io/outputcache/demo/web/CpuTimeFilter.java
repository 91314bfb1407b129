package io.outputcache.demo.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Counts requests and the CPU time their request threads spend (cache lookup, rendering, writing) into the
 * {@link RequestMeter} of the {@link DemoServices}.
 */
public final class CpuTimeFilter implements Filter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final boolean measure = THREADS.isCurrentThreadCpuTimeSupported();
    private RequestMeter meter;

    @Override
    public void init(FilterConfig config) {
        meter = DemoServices.from(config.getServletContext()).meter();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        meter.requestStarted();
        if (!measure) {
            chain.doFilter(request, response);
            return;
        }
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            chain.doFilter(request, response);
        } finally {
            meter.cpuSpent(THREADS.getCurrentThreadCpuTime() - start);
        }
    }
}
