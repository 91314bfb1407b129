package io.outputcache.internal.fragment;

import io.outputcache.internal.gateway.StoreCalls;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fragment lookups of one request: which fragment keys it asked for, in order (what {@link PrefetchMemory}
 * learns when the request is over), and the answers of the one multi-key read made at its first lookup, each used
 * once. Kept on the request as an attribute, so that a template rendered on another thread (an async servlet)
 * finds it too; one thread at a time uses it, synchronized because that thread may change.
 */
final class FragmentRound {
    static final String ATTRIBUTE = FragmentRound.class.getName();

    private final String rule;
    private final String path;
    private final List<String> asked = new ArrayList<>();
    private List<String> planned = List.of();
    private PrefetchMemory.Page page;
    /** Null until the first lookup has read what the memory planned; then what that read answered. */
    private Map<String, StoreCalls.Lookup> read;
    private boolean closed;

    FragmentRound(String rule, String path) {
        this.rule = rule;
        this.path = path;
    }

    static Optional<FragmentRound> of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof FragmentRound round ? Optional.of(round) : Optional.empty();
    }

    /**
     * Names the page this round belongs to by the fragments' origin (scheme, host and port: the fragment keys
     * differ by origin, so the pages of two hosts remember different keys); the first lookup's origin counts.
     */
    synchronized void origin(String origin) {
        if (page == null) {
            page = new PrefetchMemory.Page(origin + " " + rule, origin + path);
        }
    }

    /** The page, once a lookup named it by its {@link #origin}; null before. */
    synchronized PrefetchMemory.Page page() {
        return page;
    }

    /** Whether the first lookup's read is still to be made. */
    synchronized boolean unread() {
        return read == null;
    }

    /** The keys the first lookup planned to read and what that read answered (nothing when it read alone). */
    synchronized void read(List<String> plan, Map<String, StoreCalls.Lookup> answers) {
        planned = List.copyOf(plan);
        read = new HashMap<>(answers);
    }

    /**
     * Records that the request asks for {@code key} and takes what the first read answered for it, once: a second
     * lookup of the same key reads the store again, which may by then hold the render the first one stored.
     */
    synchronized Optional<StoreCalls.Lookup> ask(String key) {
        asked.add(key);
        return read == null ? Optional.empty() : Optional.ofNullable(read.remove(key));
    }

    synchronized boolean askedNothing() {
        return asked.isEmpty();
    }

    synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    /**
     * What the request asked for so far, then the planned keys it has not asked for (yet): what to remember while
     * an async render is still asking, so that the memory grows with new keys but never loses the planned ones
     * before the render is over (nobody tells when that is).
     */
    synchronized List<String> askedThenPlanned() {
        List<String> keys = new ArrayList<>(asked);
        for (String key : planned) {
            if (!asked.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Marks the request as handed back by the filter; lookups after that come from an async render. */
    synchronized void close() {
        closed = true;
    }

    synchronized boolean closed() {
        return closed;
    }
}
