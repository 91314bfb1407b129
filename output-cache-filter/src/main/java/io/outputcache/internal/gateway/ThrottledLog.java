package io.outputcache.internal.gateway;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs each distinct cause at most once per interval, saying how many repeats it held back. During an outage
 * a busy site would otherwise write one line per request.
 */
public final class ThrottledLog {
    /** Distinct causes remembered at most; beyond this the windows start over. */
    static final int MAX_CAUSES = 4096;

    private final Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long lastLoggedMillis = Long.MIN_VALUE;
        final AtomicLong suppressed = new AtomicLong();
    }

    public ThrottledLog(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Logs at ERROR unless this cause was logged within the interval. The stack trace goes to DEBUG. */
    public void error(String cause, String message, Throwable error) {
        String line = due(cause);
        if (line != null) {
            log.error("{}{} ({}){}", message, describe(error), cause, line);
            if (log.isDebugEnabled() && error != null) {
                log.debug("stack trace of: " + message, error);
            }
        }
    }

    /** Logs at WARN unless this cause was logged within the interval. */
    public void warn(String cause, String message) {
        String line = due(cause);
        if (line != null) {
            log.warn("{}{}", message, line);
        }
    }

    private String due(String cause) {
        if (windows.size() > MAX_CAUSES && !windows.containsKey(cause)) {
            // Causes may carry a path (leak guard): forget them all rather than grow without bound.
            windows.clear();
        }
        Window w = windows.computeIfAbsent(cause, k -> new Window());
        long now = clock.millis();
        synchronized (w) {
            if (w.lastLoggedMillis != Long.MIN_VALUE && now - w.lastLoggedMillis < intervalMillis) {
                w.suppressed.incrementAndGet();
                return null;
            }
            w.lastLoggedMillis = now;
            long held = w.suppressed.getAndSet(0);
            return held == 0 ? "" : "; " + held + " more like it in the last " + (intervalMillis / 1000) + "s";
        }
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
