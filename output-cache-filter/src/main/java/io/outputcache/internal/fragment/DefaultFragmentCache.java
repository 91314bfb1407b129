package io.outputcache.internal.fragment;

import io.outputcache.fragment.FragmentCache;
import io.outputcache.fragment.FragmentSpec;
import io.outputcache.fragment.HoleRenderer;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.flight.RenderCoalescer;
import io.outputcache.internal.gateway.CurrentBudget;
import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.stats.Counters;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.policy.FragmentPolicy;
import io.outputcache.internal.policy.Refusal;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The fragment cache of one filter: entries in the filter's store under {@code f:<hash>}, in the page entry
 * format ({@link CachedPage} through {@link EntryCodec}: status 200, the fragment's HTML as an uncompressed body,
 * the fragment key as canonical key), every store call through the filter's {@link StoreCalls} (timeouts,
 * circuit breaker: a store failure is a render), read through the same {@link EntryLookup} as pages (a corrupt
 * entry is a miss and is deleted), one render per key on this node through a {@link RenderCoalescer}.
 *
 * <p>The fragments of one request are read together: the first lookup of a request reads, in one multi-key call
 * ({@link StoreCalls#getAll}), every fragment key the same page asked for last time ({@link PrefetchMemory}),
 * and later lookups take their answer from that read ({@link FragmentRound}); a key it did not read is read
 * alone.
 */
public final class DefaultFragmentCache implements FragmentCache {
    private final Clock clock;
    private final StoreCalls store;
    private final EntryLookup entries;
    private final Counters counters;
    private final Duration coalesceWait;
    private final RenderCoalescer<CachedPage> coalescer = new RenderCoalescer<>();
    private final HoleRegistry holes = new HoleRegistry();
    private final FragmentScreen screen;
    private final PrefetchMemory memory;

    public DefaultFragmentCache(Clock clock, StoreCalls store, EntryLookup entries, Counters counters,
                                Duration coalesceWait, FragmentScreen screen) {
        this.memory = new PrefetchMemory();
        this.screen = screen;
        this.clock = clock;
        this.store = store;
        this.entries = entries;
        this.counters = counters;
        this.coalesceWait = coalesceWait;
    }

    /** The unambiguous text of a fragment's identity: every part length-prefixed, null vary values distinct. */
    static String canonical(FragmentSpec spec, String origin) {
        StringBuilder sb = new StringBuilder("fragment\n");
        if (!origin.isEmpty()) {
            sb.append("@").append(origin.length()).append(':').append(origin).append('\n');
        }
        sb.append(spec.name().length()).append(':').append(spec.name());
        for (String v : spec.vary()) {
            if (v == null) {
                sb.append("\n-");
            } else {
                sb.append("\n+").append(v.length()).append(':').append(v);
            }
        }
        return sb.toString();
    }

    @Override
    public String getOrCompute(FragmentSpec spec, Renderer renderer) {
        return compute(spec, "", renderer, null);
    }

    /**
     * Opens the fragment round of a request the filter handles: its fragment lookups are read together, and what
     * it asked for is remembered for {@code path} under {@code rule} (empty when no rule covers the path).
     * Returns the opened round and that of an enclosing dispatch, to be handed back to {@link #closeRound}.
     */
    public Object openRound(HttpServletRequest request, String rule, String path) {
        Object previous = request.getAttribute(FragmentRound.ATTRIBUTE);
        FragmentRound round = new FragmentRound(rule, path);
        request.setAttribute(FragmentRound.ATTRIBUTE, round);
        return new Opened(round, previous);
    }

    /** A round {@link #openRound} opened, and the enclosing dispatch's (or null) to put back when it closes. */
    private record Opened(FragmentRound round, Object previous) {
    }

    /**
     * Remembers what the request's fragments asked for, and puts back the enclosing round. The round itself stays
     * on a top-level request: a template that an async servlet renders after the filter returned still uses it.
     *
     * @param opened what {@link #openRound} returned
     */
    public void closeRound(HttpServletRequest request, Object opened) {
        Opened handle = (Opened) opened;
        handle.round().close();
        learn(handle.round());
        if (handle.previous() != null) {
            request.setAttribute(FragmentRound.ATTRIBUTE, handle.previous());
        }
    }

    private void learn(FragmentRound round) {
        if (round.askedNothing()) {
            return; // a hit, or a page without fragments: nothing to copy or remember
        }
        List<String> asked = round.asked();
        if (round.page() != null) {
            memory.learn(round.page(), asked);
        }
    }

    @Override
    public String getOrCompute(FragmentSpec spec, HttpServletRequest request, Renderer renderer) {
        Optional<String> refused = screen.request(request);
        if (refused.isPresent()) {
            counters.refused(FragmentPolicy.countedAs(refused.get()));
            return render(spec, renderer).html(); // neither read nor stored, as the page would be
        }
        // Keyed by scheme and host (port included): links and absolute URLs in a fragment often carry them.
        String origin = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        FragmentRound round = FragmentRound.of(request).orElse(null);
        if (round != null) {
            round.origin(origin);
        }
        return compute(spec, origin, () -> {
            Rendered rendered = renderer.render();
            if (rendered == null || !rendered.shareable()) {
                return rendered;
            }
            Optional<String> leak = screen.body(request, rendered.html().getBytes(StandardCharsets.UTF_8));
            if (leak.isPresent()) {
                counters.refused(FragmentPolicy.countedAs(leak.get()));
                return Rendered.once(rendered.html());
            }
            return rendered;
        }, round);
    }

    private String compute(FragmentSpec spec, String origin, Renderer renderer, FragmentRound round) {
        String canonical = canonical(spec, origin);
        String hash = CacheKey.sha256(canonical);
        String key = "f:" + hash;
        Optional<CachedPage> stored = lookup(key, canonical, clock.instant(), round);
        if (stored.isPresent()) {
            counters.fragmentHits.increment();
            return html(stored.get());
        }
        counters.fragmentMisses.increment();
        // Same single-flight as pages, on its own key space ("f:" keys never meet page hashes).
        RenderCoalescer.Membership<CachedPage> membership = coalescer.join(key);
        if (!membership.leader()) {
            counters.coalescedWaits.increment();
            Optional<CachedPage> shared = membership.flight().await(coalesceWait);
            if (shared.isPresent()) {
                return html(shared.get());
            }
            return render(spec, renderer).html();
        }
        Optional<CachedPage> result = Optional.empty();
        try {
            // Read before the render: a fragment rendered while one of its tags was invalidated is not kept.
            OptionalLong epoch = store.epoch(CurrentBudget.currentOr(store.timeout()));
            Rendered rendered = render(spec, renderer);
            if (rendered.shareable()) {
                CachedPage page = entry(canonical, spec, rendered.html(), clock.instant());
                result = Optional.of(page);
                store.putAsync(key, EntryCodec.encode(page), spec.ttl(), spec.tags(), epoch);
                counters.fragmentStores.increment();
            }
            return rendered.html();
        } finally {
            coalescer.land(key, membership.flight(), result);
        }
    }

    private Rendered render(FragmentSpec spec, Renderer renderer) {
        counters.fragmentRenders.increment();
        FragmentFrames.Frame frame = FragmentFrames.push(spec.name());
        Rendered rendered;
        try {
            rendered = renderer.render();
        } finally {
            FragmentFrames.pop(frame);
        }
        if (rendered == null) {
            throw new IllegalStateException("the render of fragment '" + spec.name() + "' returned null");
        }
        if (frame.personal()) {
            counters.refused(FragmentPolicy.countedAs(Refusal.PERSONAL.label()));
        }
        return frame.shareable() ? rendered : Rendered.once(rendered.html());
    }

    private Optional<CachedPage> lookup(String key, String canonical, Instant now, FragmentRound round) {
        // Spend from the request's store budget when a filter serves it: a stalled store costs one timeout per
        // request, not one per cached fragment.
        StoreBudget budget = CurrentBudget.currentOr(store.timeout());
        StoreCalls.Lookup read = round == null ? store.get(key, budget) : fromRound(round, key, budget);
        Optional<CachedPage> page = entries.stored(read, key, canonical, budget).page();
        // The store's TTL removes it eventually; our clock decides freshness (and lets tests move time).
        return page.filter(p -> p.isFresh(now));
    }

    /**
     * The first lookup of a round reads what the page asked for last time together with its own key; later ones
     * take their answer from that read. A failed read answers every key it asked for as unavailable (a render),
     * without a second try per fragment: the store failed once for this request.
     */
    private StoreCalls.Lookup fromRound(FragmentRound round, String key, StoreBudget budget) {
        if (round.unread()) {
            List<String> plan = memory.plan(round.page(), key);
            round.read(plan, plan.size() > 1 ? store.getAll(plan, budget) : Map.of());
        }
        Optional<StoreCalls.Lookup> taken = round.ask(key);
        if (round.closed() && round.page() != null) {
            // An async render after the filter returned: nobody closes the round again, so learn as it asks.
            memory.learn(round.page(), round.askedThenPlanned());
        }
        return taken.isPresent() ? taken.get() : store.get(key, budget);
    }

    private static CachedPage entry(String canonical, FragmentSpec spec, String html, Instant now) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        long created = now.toEpochMilli();
        long freshUntil = created + spec.ttl().toMillis();
        // Fragments are small and inserted into pages as text: stored uncompressed, no validator of their own.
        return new CachedPage(canonical, 200, created, freshUntil, freshUntil, 0, "", HeaderMap.empty(), false,
                body, body.length, spec.tags());
    }

    private static String html(CachedPage page) {
        return new String(page.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void registerHole(String name, HoleRenderer renderer) {
        holes.register(name, renderer);
    }

    @Override
    public Optional<HoleRenderer> hole(String name) {
        return holes.find(name);
    }

    @Override
    public Set<String> holes() {
        return holes.names();
    }

    /** The registry the filter publishes on requests, for the page writer and the dialect. */
    public HoleRegistry registry() {
        return holes;
    }

    /** Fragment renders in progress on this node. */
    public int inFlight() {
        return coalescer.inFlight();
    }
}
