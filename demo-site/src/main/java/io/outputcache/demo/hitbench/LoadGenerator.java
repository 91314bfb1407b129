package io.outputcache.demo.hitbench;

import java.time.Duration;

/** Drives one URL with a fixed number of keep-alive connections for a while. */
interface LoadGenerator {
    /** What one run measured; latencies in milliseconds, {@code bodyBytes} the mean body size received. */
    record Run(long requests, long errors, double seconds, double p50Ms, double p99Ms, double bodyBytes) {
        double rps() {
            return seconds <= 0 ? 0 : requests / seconds;
        }
    }

    /** The name the report prints, e.g. {@code wrk} or {@code built-in Java (raw sockets, HdrHistogram)}. */
    String name();

    Run run(int port, String path, boolean gzip, int connections, Duration duration) throws Exception;
}
