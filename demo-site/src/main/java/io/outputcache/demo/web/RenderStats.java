package io.outputcache.demo.web;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the shop really renders: page templates, and the cacheable fragments (header, footer, banner).
 * Templates reach it as the variable {@code renderStats}; each fragment calls {@link #fragment(String)} from
 * inside its root element, so a fragment served from a cache (whose inner expressions are not evaluated) is
 * not counted.
 */
public final class RenderStats {
    private final LongAdder pageRenders = new LongAdder();
    private final LongAdder pageRenderNanos = new LongAdder();
    private final LongAdder fragmentRenders = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byFragment = new ConcurrentHashMap<>();

    /** Called from a fragment template while it renders; returns "" so it prints nothing. */
    public String fragment(String name) {
        fragmentRenders.increment();
        byFragment.computeIfAbsent(name, n -> new LongAdder()).increment();
        return "";
    }

    void pageRendered(long nanos) {
        pageRenders.increment();
        pageRenderNanos.add(nanos);
    }

    public long pageRenders() {
        return pageRenders.sum();
    }

    public long fragmentRenders() {
        return fragmentRenders.sum();
    }

    /** Mean time of one page render (data access included), in microseconds; 0 before the first. */
    public long meanRenderMicros() {
        long n = pageRenders.sum();
        return n == 0 ? 0 : pageRenderNanos.sum() / n / 1000;
    }

    public Map<String, Long> fragmentRendersByName() {
        Map<String, Long> out = new TreeMap<>();
        byFragment.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
