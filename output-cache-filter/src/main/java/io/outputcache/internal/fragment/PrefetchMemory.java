package io.outputcache.internal.fragment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to read at the first fragment lookup of a page: the fragment keys the same page asked for the last time
 * it rendered, so that one multi-key read answers all of them (the keys of a template's fragments are only known
 * one at a time, while it runs). A page never seen yet borrows what the last page of its family asked for (the
 * family is its rule and host): pages of one rule share most fragments (header, menu, footer), and a key that
 * turns out not to be needed costs bytes in the same read, not a round trip.
 *
 * <p>Pure and in this JVM only: no I/O, no clock. Bounded: at most {@code maxPages} pages and as many families
 * (least recently used go first), at most {@code maxKeys} keys each (the first ones the page asked for). A page
 * that asked for fewer than two fragments is not remembered: a single read is as cheap as a multi-key one.
 * Thread-safe.
 */
public final class PrefetchMemory {
    /** Pages remembered by default: a bound on memory (about 1024 x 32 keys of 46 characters, at most 3 MB). */
    public static final int DEFAULT_PAGES = 1024;
    /** Keys remembered per page by default: a page with more fragments reads the rest one at a time. */
    public static final int DEFAULT_KEYS = 32;

    /** Which page asks, and the family of pages it belongs to. */
    public record Page(String family, String path) {
    }

    private final int maxKeys;
    private final Map<Page, List<String>> pages;
    private final Map<String, List<String>> families;

    public PrefetchMemory(int maxPages, int maxKeys) {
        if (maxPages < 1 || maxKeys < 2) {
            throw new IllegalArgumentException("prefetch memory needs at least 1 page and 2 keys but was "
                    + maxPages + " pages, " + maxKeys + " keys");
        }
        this.maxKeys = maxKeys;
        this.pages = lru(maxPages);
        this.families = lru(maxPages);
    }

    public PrefetchMemory() {
        this(DEFAULT_PAGES, DEFAULT_KEYS);
    }

    private static <K> Map<K, List<String>> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, List<String>> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * The keys to read together when {@code page} looks up its first fragment, {@code first}: that key, then
     * what the page (or else its family) asked for last time, without repeats, at most {@code maxKeys}. Only
     * {@code first} when nothing is remembered: then a single read is all there is to do.
     */
    public synchronized List<String> plan(Page page, String first) {
        List<String> remembered = pages.get(page);
        if (remembered == null) {
            remembered = families.get(page.family());
        }
        if (remembered == null) {
            return List.of(first);
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.add(first);
        for (String key : remembered) {
            if (keys.size() == maxKeys) {
                break;
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    /** What {@code page} asked for this time, in order: replaces what was remembered of it and of its family. */
    public synchronized void learn(Page page, List<String> asked) {
        List<String> keys = firstDistinct(asked);
        if (keys.size() < 2) {
            pages.remove(page); // nothing to read together: a stale list would only cost bytes next time
            return;
        }
        List<String> before = pages.get(page);
        List<String> kept = keys.equals(before) ? before : keys; // the same list again: keep one copy, not two
        pages.put(page, kept);
        families.put(page.family(), kept);
    }

    /** Pages remembered now (for tests and diagnostics). */
    public synchronized int pages() {
        return pages.size();
    }

    private List<String> firstDistinct(List<String> asked) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : asked) {
            if (keys.size() == maxKeys) {
                break;
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }
}
