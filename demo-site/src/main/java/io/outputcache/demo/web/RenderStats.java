package io.outputcache.demo.web;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the shop really renders: page templates, and the cacheable fragments (header, footer, banner).
 * Templates reach it as the variable {@code renderStats}; each fragment calls {@link #fragment(String)} from
 * inside its root element, so a fragment served from a cache (whose inner expressions are not evaluated) is
 * not counted.
 */
public final class RenderStats {
    /** Weight of the newest render in the recent mean: about the last 20 renders count. */
    private static final double ALPHA = 0.05;

    private final LongAdder pageRenders = new LongAdder();
    private double recentRenderNanos = -1;
    private final LongAdder fragmentRenders = new LongAdder();

    /** Called from a fragment template while it renders; returns "" so it prints nothing. */
    public String fragment(String name) {
        fragmentRenders.increment();
        return "";
    }

    void pageRendered(long nanos) {
        pageRenders.increment();
        synchronized (this) {
            recentRenderNanos = recentRenderNanos < 0 ? nanos : recentRenderNanos + ALPHA * (nanos - recentRenderNanos);
        }
    }

    public long pageRenders() {
        return pageRenders.sum();
    }

    public long fragmentRenders() {
        return fragmentRenders.sum();
    }

    /**
     * Recent mean time of one page render (data access included), in microseconds; 0 before the first. Weighted
     * towards recent renders, so that the slow first renders of a cold JVM do not dominate it.
     */
    public synchronized long meanRenderMicros() {
        return recentRenderNanos < 0 ? 0 : (long) (recentRenderNanos / 1000);
    }
}
