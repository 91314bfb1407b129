package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.flight.RenderFlight;
import io.outputcache.internal.flight.Turn;
import io.outputcache.internal.gateway.CurrentBudget;
import io.outputcache.internal.gateway.EntryLookup;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.key.RequestGuard;
import io.outputcache.internal.policy.CacheStrategy;
import io.outputcache.internal.policy.Personalisation;
import io.outputcache.internal.policy.RequestScreen;
import io.outputcache.internal.policy.Revalidation;
import io.outputcache.internal.policy.StaleFallback;
import io.outputcache.internal.servlet.IdentityWatch;
import io.outputcache.internal.servlet.ServletFacts;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The request path for requests a rule covers: screen, key, look up, decide, then serve, refresh, revalidate or
 * render once and store. Decisions are the pure classes' ({@link RequestScreen}, {@link CacheStrategy},
 * {@link StaleFallback}); one render per key is the {@link RenderFlight}'s; what is stored is the
 * {@link PageStorer}'s. The clock is read once when the request arrives (and once when a render completes, for
 * the age arithmetic of RFC 9111 §4.2.3).
 */
final class RequestHandler {
    private final OutputCacheConfig config;
    private final Clock clock;
    private final Counters counters;
    private final Map<String, RequestScreen> screens = new HashMap<>();
    private final Map<String, KeyBuilder> keys = new HashMap<>();
    private final PageLookup lookup;
    private final RenderFlight flight;
    private final PageRender render;
    private final Answers answers;
    private final ShadowRun shadow;
    private final UnsafeForwarder unsafe;
    private final StoreAndServe.Collaborators ending;
    private final TargetedCacheControl targets;
    private final AsyncReads reads;
    private final Surroundings surroundings;

    RequestHandler(OutputCacheConfig config, Counters counters, PageLookup lookup, RenderFlight flight,
                   PageRender render, Answers answers, ShadowRun shadow, UnsafeForwarder unsafe,
                   StoreAndServe.Collaborators ending, TargetedCacheControl targets, Surroundings surroundings) {
        this.config = config;
        this.clock = config.clock();
        this.counters = counters;
        RequestGuard guard = new RequestGuard(config.bypassHeaders());
        for (CacheRule rule : config.rules()) {
            KeyBuilder builder = new KeyBuilder(rule, config.allowedHosts(), config.keyedForwardingHeaders());
            keys.put(rule.name(), builder);
            screens.put(rule.name(), new RequestScreen(rule, builder, guard));
        }
        this.lookup = lookup;
        this.flight = flight;
        this.render = render;
        this.answers = answers;
        this.shadow = shadow;
        this.unsafe = unsafe;
        this.ending = ending;
        this.targets = targets;
        this.reads = new AsyncReads(config.asyncStoreReads(), config.storeTimeout());
        this.surroundings = surroundings;
    }

    /** Runs a resumed request's step inside the request's surroundings (budget, rule scope). */
    interface Surroundings {
        boolean within(HttpServletRequest request, CacheRule rule, StoreBudget budget, Step step)
                throws IOException, ServletException;
    }

    /** A step that may complete the response. */
    interface Step {
        boolean run() throws IOException, ServletException;
    }

    /**
     * Serves a request the rule covers.
     *
     * @param container the request as the filter received it (before the engine's own wrappers): async store
     *                  reads start the cycle on it
     * @param inShadow  whether the rule runs in shadow mode for this request (its {@link RuleSwitches} position,
     *                  read once when the request arrived)
     * @param budget    the request's store budget (also this thread's {@link CurrentBudget}, for its fragments)
     * @param carried   the lookup a suspended request made, on the ASYNC dispatch that goes on with it
     * @return the request suspended for an async store read, to be released once the filter is left
     */
    Optional<AsyncReads.Suspended> handle(HttpServletRequest container, HttpServletRequest request,
                                          HttpServletResponse response, FilterChain chain, CacheRule rule,
                                          boolean inShadow, StoreBudget budget, Optional<CarriedRead> carried)
            throws IOException, ServletException {
        Instant now = carried.map(CarriedRead::now).orElseGet(clock::instant);
        RequestFacts facts = ServletFacts.request(request);
        RequestScreen.Verdict verdict = screens.get(rule.name()).screen(facts, AppPath.dispatched(request));
        if (verdict instanceof RequestScreen.Unsafe) {
            unsafe.forward(request, response, chain, keys.get(rule.name()), facts.settled());
            return Optional.empty();
        }
        if (verdict instanceof RequestScreen.Bypass bypass) {
            answers.bypass(request, response, chain, bypass.reason());
            return Optional.empty();
        }
        Optional<String> signedIn = Personalisation.bypass(rule, IdentityWatch.validSession(request),
                IdentityWatch.hasPrincipal(request));
        if (signedIn.isPresent()) {
            answers.bypass(request, response, chain, signedIn.get());
            return Optional.empty();
        }
        RequestScreen.Cacheable cacheable = (RequestScreen.Cacheable) verdict;
        if (inShadow) {
            shadow.run(new Exchange(request, response, chain, rule, facts.settled(), cacheable.key(),
                    ServletFacts.headers(response), true, budget, now, targets));
            return Optional.empty();
        }
        EntryLookup.Stored found;
        if (carried.isPresent()) {
            found = carried.get().resolved().orElseGet(() ->
                    lookup.resolve(cacheable.key(), PageSpace.LIVE, facts, carried.get().first(), budget));
        } else if (reads.eligible(request)) {
            CompletableFuture<StoreCalls.Lookup> read = lookup.start(cacheable.key(), PageSpace.LIVE, budget);
            Optional<AsyncReads.Suspended> suspended = read.isDone() ? Optional.empty()
                    : reads.suspend(container, read, budget, now, first -> surroundings.within(request, rule, budget,
                            () -> resumedHit(request, response, rule, facts, cacheable, first, budget, now)));
            if (suspended.isPresent()) {
                return suspended;
            }
            found = lookup.resolve(cacheable.key(), PageSpace.LIVE, facts, read.join(), budget);
        } else {
            found = lookup.find(cacheable.key(), PageSpace.LIVE, facts, budget);
        }
        serve(request, response, chain, rule, facts, cacheable, found, budget, now);
        return Optional.empty();
    }

    /**
     * A suspended request resumed with its read's answer: a fresh hit is written here; anything else is carried to
     * the ASYNC dispatch ({@code false}), decided again there with what was found, as {@link #serve} decides.
     */
    private boolean resumedHit(HttpServletRequest request, HttpServletResponse response, CacheRule rule,
                               RequestFacts facts, RequestScreen.Cacheable cacheable, StoreCalls.Lookup first,
                               StoreBudget budget, Instant now) throws IOException {
        Optional<EntryLookup.Stored> resolved = lookup.resolveDirect(cacheable.key(), PageSpace.LIVE, first, budget);
        Optional<CachedPage> stored = resolved.flatMap(EntryLookup.Stored::page);
        if (stored.isPresent()
                && CacheStrategy.decide(rule, facts, stored, now, targets).action() == CacheStrategy.Action.FRESH_HIT) {
            answers.hit(request, response, stored.get(), now);
            return true;
        }
        new CarriedRead(first, resolved, budget, now).carry(request);
        return false;
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain, CacheRule rule,
                       RequestFacts facts, RequestScreen.Cacheable cacheable, EntryLookup.Stored found,
                       StoreBudget budget, Instant now) throws IOException, ServletException {
        Optional<CachedPage> stored = found.page();
        CacheStrategy.Decision decision = CacheStrategy.decide(rule, facts, stored, now, targets);
        if (decision.action() == CacheStrategy.Action.FRESH_HIT) {
            answers.hit(request, response, stored.orElseThrow(), now);
            return;
        }
        // Past a fresh hit the request's facts may outlive it (a render finishing on another thread): copy them.
        Exchange ex = new Exchange(request, response, chain, rule, facts.settled(), cacheable.key(),
                ServletFacts.headers(response), found.answered(), budget, now, targets);
        switch (decision.action()) {
            case STALE_HIT -> answers.stale(ex, stored.orElseThrow(), decision.detail());
            case STALE_REFRESH -> refreshInGrace(ex, stored.orElseThrow());
            case REVALIDATE -> revalidate(ex, stored.orElseThrow());
            case MISS -> miss(ex, decision.detail(), StaleFallback.forMiss(rule.mode(), stored, now, targets));
            case UNSATISFIABLE -> answers.onlyIfCachedUnsatisfiable(response);
            case FRESH_HIT -> throw new IllegalStateException("served above");
        }
    }

    /** A page nobody may be served without a render: one render per key, here and across nodes. */
    private void miss(Exchange ex, String forwardReason, Optional<CachedPage> staleFallback)
            throws IOException, ServletException {
        counters.misses.increment();
        Turn turn = flight.enter(ex.key(), ex.budget(), ex.storeAnswered(), budget -> freshInStore(ex, budget));
        if (turn instanceof Turn.Render leads) {
            renderAndStore(ex, leads, forwardReason, staleFallback, Optional.empty());
        } else if (turn instanceof Turn.Followed followed
                && StaleFallback.followsFailedRender(staleFallback, followed.page(), ex.now())) {
            answers.stale(ex, followed.page(), "stale-if-error");
        } else if (turn instanceof Turn.Followed followed) {
            answers.collapsed(ex, followed.page(), forwardReason);
        } else {
            answers.collapsed(ex, ((Turn.Served) turn).page(), forwardReason); // enter never answers Busy
        }
    }

    /** Grace: the first request refreshes the page while every other one is served the stale copy at once. */
    private void refreshInGrace(Exchange ex, CachedPage stale) throws IOException, ServletException {
        Turn turn = flight.refresh(ex.key(), ex.budget());
        if (!(turn instanceof Turn.Render refresher)) {
            answers.stale(ex, stale, "refreshing");
            return;
        }
        counters.misses.increment();
        counters.staleRefreshes.increment();
        // HTTP mode (RFC 5861 §3): the refresh is a revalidation when the page has validators (RFC 9111 §4.3.1),
        // so that an unchanged page costs the origin a 304 instead of a full response.
        Optional<CachedPage> revalidating = Optional.of(stale)
                .filter(page -> ex.rule().mode() == CacheMode.HTTP && Revalidation.hasValidators(page));
        renderAndStore(ex, refresher, "stale", Optional.of(stale), revalidating);
    }

    /**
     * HTTP mode: ask the origin whether the stored page is still good (RFC 9111 §4.3.1); within the origin's
     * stale-if-error window the stored page stands in if the origin fails (RFC 5861 §4).
     */
    private void revalidate(Exchange ex, CachedPage stored) throws IOException, ServletException {
        counters.revalidations.increment();
        renderAndStore(ex, flight.unshared(ex.budget()), "stale",
                StaleFallback.forMiss(ex.rule().mode(), Optional.of(stored), ex.now(), targets), Optional.of(stored));
    }

    /** Renders, then stores and serves through {@link StoreAndServe}; the turn ends when the render is over. */
    private void renderAndStore(Exchange ex, Turn.Render turn, String forwardReason,
                                Optional<CachedPage> staleFallback, Optional<CachedPage> revalidating)
            throws IOException, ServletException {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        try {
            done = render.run(ex, forwardReason, Revalidation.forwardedFields(ex.rule().mode(), revalidating),
                    new StoreAndServe(ex, turn, forwardReason, staleFallback, revalidating, ending));
        } finally {
            done.whenComplete((ok, error) -> turn.close());
        }
    }

    /** A fresh page for the key in the store now, if any (one GET): what another render stored meanwhile. */
    private EntryLookup.Stored freshInStore(Exchange ex, StoreBudget budget) {
        EntryLookup.Stored stored = lookup.find(ex.key(), PageSpace.LIVE, ex.facts(), budget);
        return new EntryLookup.Stored(stored.page().filter(page -> page.isFresh(ex.now())), stored.answered());
    }

    /** The tag of every variant of a path, under the rule that covers it. */
    Optional<String> pathTag(CacheRule rule, String path, String rawQuery) {
        return keys.get(rule.name()).pathTag(path, rawQuery);
    }
}
