package io.outputcache.internal.engine;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheStats;
import io.outputcache.RuleSwitch;
import io.outputcache.fragment.FragmentCache;
import io.outputcache.internal.config.HeaderTags;
import io.outputcache.internal.config.TagNames;
import io.outputcache.internal.flight.RenderFlight;
import io.outputcache.internal.fragment.DefaultFragmentCache;
import io.outputcache.internal.fragment.HoleRegistry;
import io.outputcache.internal.gateway.CircuitBreaker;
import io.outputcache.internal.gateway.CurrentBudget;
import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreAdmin;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.gateway.ThrottledLog;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.key.PathNormalizer;
import io.outputcache.internal.key.TextMemo;
import io.outputcache.internal.near.NearCaching;
import io.outputcache.internal.purge.PurgeEndpoint;
import io.outputcache.internal.reads.SharedReads;
import io.outputcache.internal.servlet.TagsHeaderResponse;
import io.outputcache.internal.stats.Counters;
import io.outputcache.store.PageStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Everything one filter instance runs on, wired together, and the {@link OutputCache} handle it publishes. */
public final class OutputCacheEngine implements OutputCache {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");

    private final OutputCacheConfig config;
    /** The rule of each recent path (first match wins; a path matched against every pattern once). */
    private final TextMemo<Optional<CacheRule>> rulesByPath;
    private final PageStore store;
    private final Counters counters = new Counters();
    private final CircuitBreaker breaker;
    private final StoreCalls calls;
    private final StoreAdmin admin;
    private final RenderFlight flight;
    private final RequestHandler handler;
    private final DefaultFragmentCache fragments;
    private final RuleSwitches switches;
    private final ThrottledLog throttled;
    private final Optional<PurgeEndpoint> purge;

    public OutputCacheEngine(OutputCacheConfig config, PageStore given) {
        this.config = config;
        this.rulesByPath = new TextMemo<>(config::ruleFor);
        // The near cache, when configured, sits in front of the store for pages, shadow pages and fragments alike.
        // Without it, concurrent reads of one key share a GET; with it they do not (a shared GET could outlive an
        // invalidation another node announced, and a near copy made of it would keep the old page).
        PageStore store = config.nearCache().isPresent()
                ? NearCaching.around(config, given, counters.nearHits, counters.nearFlushes)
                : SharedReads.around(given, config.storeTimeout(), counters.sharedReads);
        this.store = store;
        this.switches = new RuleSwitches(config);
        this.throttled = new ThrottledLog(LOG, config.clock(), config.errorLogInterval());
        this.breaker = new CircuitBreaker(config.clock(), config.breakerFailureThreshold(), config.breakerOpenDuration(),
                (from, to) -> {
                    switch (to) {
                        case OPEN -> LOG.warn("store circuit breaker opened ({} -> open): pages are rendered uncached"
                                + " for {} before one probe", from.label(), config.breakerOpenDuration());
                        case HALF_OPEN -> LOG.info("store circuit breaker half-open: probing {}", store.describe());
                        case CLOSED -> LOG.info("store circuit breaker closed: {} answers again, caching resumes",
                                store.describe());
                    }
                });
        this.calls = StoreCalls.of(store, breaker, config.storeTimeout(), counters, throttled);
        this.admin = new StoreAdmin(store);
        EntryLookup entries = new EntryLookup(calls, counters, throttled, NearCaching.memo(store));
        this.flight = new RenderFlight(calls, counters, config.coalesceWait(), config.renderTimeout());
        // The target list of RFC 9213, built once: the site's own field (if configured) before CDN-Cache-Control.
        TargetedCacheControl targets = config.targetedCacheControl().map(TargetedCacheControl::withOwnField)
                .orElse(TargetedCacheControl.DEFAULT);
        LeakCheck leakCheck = new LeakCheck(config, throttled, counters);
        this.fragments = new DefaultFragmentCache(config.clock(), calls, entries, counters, config.coalesceWait(),
                new FragmentDefences(leakCheck));
        Answers answers = new Answers(config, counters, targets, fragments.registry());
        PageLookup lookup = new PageLookup(calls, entries);
        PageRender render = new PageRender(config, counters, throttled);
        PageStorer storer = new PageStorer(config, calls, leakCheck, counters);
        this.handler = new RequestHandler(config, counters, lookup, flight, render, answers,
                new ShadowRun(lookup, render, storer, answers, counters), new UnsafeForwarder(calls),
                new StoreAndServe.Collaborators(storer, new NotModifiedRefresh(calls, answers, counters), answers,
                        calls, throttled), targets, this::within);
        this.purge = config.purge().map(settings -> new PurgeEndpoint(settings, this, config.clock(), throttled));
        admin.warmUp("p:warm-up", Duration.ofSeconds(1));
    }

    /** Serves a request: through the cache when a rule covers its path, untouched otherwise. */
    public void doFilter(HttpServletRequest servletRequest, HttpServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        // On the ASYNC dispatch of a request that gave its thread back during its lookup: go on with that lookup.
        Optional<CarriedRead> carried = servletRequest.getDispatcherType() == DispatcherType.ASYNC
                ? CarriedRead.take(servletRequest) : Optional.empty();
        HttpServletRequest request = servletRequest;
        HttpServletResponse response = servletResponse;
        if (config.tagsHeader().isPresent()) {
            // Below everything else: the tags header never reaches the container, whatever path the request takes.
            TagsHeaderResponse tagged = new TagsHeaderResponse(servletResponse, servletRequest,
                    config.tagsHeader().get(), this::rejectedTags);
            request = tagged.request();
            response = tagged;
        }
        String path = AppPath.forRules(request);
        Optional<CacheRule> rule = rulesByPath.apply(path);
        // Whatever renders, whether or not a rule covers the path, fills holes from the registry and reads its
        // fragments together: the chain puts both on the request as it is entered (a hit does not enter it).
        FilterChain rendering = new RenderingChain(chain, fragments, rule.map(CacheRule::name).orElse(""), path);
        // One store budget for the whole request: page lookup, lease, write and every cached fragment it renders.
        StoreBudget budget = carried.isPresent() ? carried.get().budget() : new StoreBudget(config.storeTimeout());
        StoreBudget previous = CurrentBudget.enter(budget);
        Optional<AsyncReads.Suspended> suspended = Optional.empty();
        try {
            if (purge.isPresent() && purge.get().covers(path)) {
                purge.get().serve(request, response); // before any rule: its answers are never cached
                return;
            }
            // Read once: a switch while this request renders does not change how it ends.
            RuleSwitch position = rule.map(switches::of).orElse(RuleSwitch.OFF);
            if (position == RuleSwitch.OFF) {
                rendering.doFilter(request, response);
                return;
            }
            try (Counters.RuleScope scope = counters.inRule(rule.get().name())) {
                suspended = handler.handle(servletRequest, request, response, rendering, rule.get(),
                        position == RuleSwitch.SHADOW, budget, carried);
            }
        } finally {
            CurrentBudget.close(previous);
        }
        // Only now may a suspended request resume elsewhere: this thread is done with its round and budget.
        suspended.ifPresent(AsyncReads.Suspended::threadReturned);
    }

    /**
     * Whether the filter should handle this dispatch although it is not a REQUEST one: the ASYNC dispatch of a
     * request that gave its thread back during an async store read.
     */
    public boolean resumes(HttpServletRequest request) {
        return CarriedRead.isCarried(request);
    }

    /**
     * A resumed request's step, with the budget and rule scope its first dispatch had. The step writes a hit or
     * carries the read to the ASYNC dispatch; it never renders, so it opens no fragment round.
     */
    private boolean within(HttpServletRequest request, CacheRule rule, StoreBudget budget,
                           RequestHandler.Step step) throws IOException, ServletException {
        StoreBudget previous = CurrentBudget.enter(budget);
        try (Counters.RuleScope scope = counters.inRule(rule.name())) {
            return step.run();
        } finally {
            CurrentBudget.close(previous);
        }
    }

    /** Bad tags in the tags header cost the page only those tags, and a log line now and then. */
    private void rejectedTags(List<String> rejected) {
        String shown = rejected.stream().limit(3)
                .map(t -> (t.length() > 40 ? t.substring(0, 40) + "..." : t).replaceAll("[^\\x21-\\x7e]", "?"))
                .collect(Collectors.joining("', '", "'", "'"));
        throttled.warn("tags-header", "ignored " + rejected.size() + " value(s) of the " + config.tagsHeader().get()
                + " response header that are not tags (1-200 characters without spaces, commas or control"
                + " characters, at most " + HeaderTags.MAX_TAGS + " a response): " + shown);
    }

    @Override
    public long invalidatePath(String pathAndQuery) {
        if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/' but was '" + pathAndQuery + "'");
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Optional<String> normalized = PathNormalizer.normalize(path);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("path '" + pathAndQuery + "' is not a valid path");
        }
        Optional<CacheRule> rule = config.ruleFor(normalized.get());
        if (rule.isEmpty()) {
            return 0; // no rule covers it, so nothing was ever stored for it
        }
        return handler.pathTag(rule.get(), normalized.get(), query).map(admin::invalidateTag).orElse(0L);
    }

    @Override
    public long invalidateTag(String tag) {
        return admin.invalidateTag(TagNames.check("tag", tag));
    }

    @Override
    public void mode(String ruleName, RuleSwitch position) {
        RuleSwitch before = switches.set(ruleName, position);
        if (before != position) {
            LOG.info("rule '{}' switched from {} to {}", ruleName, before, position);
        }
    }

    @Override
    public RuleSwitch mode(String ruleName) {
        return switches.get(ruleName);
    }

    @Override
    public void clear() {
        admin.clear();
    }

    @Override
    public OutputCacheStats stats() {
        return counters.snapshot(breaker.figures());
    }

    @Override
    public FragmentCache fragments() {
        return fragments;
    }

    @Override
    public List<String> shadowMismatchSample() {
        return counters.shadowMismatchSample();
    }

    /** The configuration this engine runs (for the Micrometer binding). */
    public OutputCacheConfig config() {
        return config;
    }

    /** The live counters (for the Micrometer binding). */
    public Counters counters() {
        return counters;
    }

    /** Lets background writes finish, releases the leases still held, then closes the store. */
    public void close() {
        calls.drain(Duration.ofSeconds(2));
        flight.releaseAll(Duration.ofSeconds(2));
        store.close();
    }
}
