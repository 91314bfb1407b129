package io.outputcache.demo.web;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered and the CPU time their request threads spent, as counted by {@link CpuTimeFilter}; read by
 * {@code /_stats} and by the benchmark (CPU per request for the server alone, without the load generator).
 */
public final class RequestMeter {
    private final LongAdder requests = new LongAdder();
    private final LongAdder cpuNanos = new LongAdder();

    public long requests() {
        return requests.sum();
    }

    public long cpuNanos() {
        return cpuNanos.sum();
    }

    void requestStarted() {
        requests.increment();
    }

    void cpuSpent(long nanos) {
        cpuNanos.add(nanos);
    }
}
