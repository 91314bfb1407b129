package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.entry.PageFactory;
import io.outputcache.internal.fragment.HoleCapture;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.fragment.HoleStreamingResponse;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.SurrogateControl;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.key.RequestGuard;
import io.outputcache.internal.key.VariantIndex;
import io.outputcache.internal.policy.CacheStrategy;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.ResponseFacts;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.policy.Storability;
import io.outputcache.internal.policy.StoredHeaders;
import io.outputcache.internal.servlet.AsyncCapture;
import io.outputcache.internal.servlet.CapturingResponse;
import io.outputcache.internal.servlet.PageWriter;
import io.outputcache.internal.servlet.RenderRequest;
import io.outputcache.internal.servlet.ServletFacts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The request path of the filter for requests a rule covers: key, look up, decide, then serve, refresh,
 * revalidate or render once and store. Decisions are made by the pure classes ({@link KeyBuilder},
 * {@link CacheStrategy}, {@link Storability}); this class does the I/O around them and reads the clock once
 * per request (plus once when a render completes, for the age arithmetic).
 */
public final class CachingHandler {

    /**
     * Request fields the application does not see when rendering a page to store: the filter answers the
     * client's conditional and range requests itself from the whole page, and compresses the page itself.
     */
    private static final Set<String> HIDDEN_FROM_RENDER = Set.of(
            "if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range",
            "accept-encoding");
    /** HTTP mode forwards Accept-Encoding: the origin's Vary decides what varies, not the filter. */
    private static final Set<String> HIDDEN_FROM_RENDER_HTTP = Set.of(
            "if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range");

    private final OutputCacheConfig config;
    private final Clock clock;
    private final StoreGateway store;
    private final Counters counters;
    private final ThrottledLog log;
    private final RenderCoalescer<CachedPage> coalescer = new RenderCoalescer<>();
    /** Render leases this node holds after its render, until the page write is done and the lease released. */
    private final Set<String> ownLeases = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, KeyBuilder> keys = new LinkedHashMap<>();
    private final RequestGuard requestGuard;
    private final LeakCheck leakCheck;
    private final ShadowRunner shadow;

    public CachingHandler(OutputCacheConfig config, StoreGateway store, Counters counters, ThrottledLog log) {
        this.config = config;
        this.clock = config.clock();
        this.store = store;
        this.counters = counters;
        this.log = log;
        for (CacheRule rule : config.rules()) {
            keys.put(rule.name(), new KeyBuilder(rule, config.allowedHosts(), config.keyedForwardingHeaders()));
        }
        this.requestGuard = new RequestGuard(config.bypassHeaders());
        this.leakCheck = new LeakCheck(config, log);
        this.shadow = new ShadowRunner(config, store, counters, leakCheck);
    }

    /**
     * The per-request state, so that the steps below need not pass eight arguments around.
     * {@code storeAnswered} is false when this request's lookup got no answer from the store (no lease is tried
     * then); {@code budget} bounds the request's waits on the store, together, by store-timeout.
     */
    private record Exchange(HttpServletRequest request, HttpServletResponse response, FilterChain chain, CacheRule rule,
                            RequestFacts facts, CacheKey key, HeaderMap preExisting, boolean storeAnswered,
                            StoreBudget budget) {
        boolean isHead() {
            return "HEAD".equals(request.getMethod());
        }
    }

    /** What a render produced: the page it stored, if any, and when the store write finishes. */
    private record Outcome(Optional<CachedPage> page, CompletableFuture<Void> stored) {
        static Outcome none() {
            return new Outcome(Optional.empty(), CompletableFuture.completedFuture(null));
        }

        /** The render failed and the stale copy was served instead; requests waiting on it are served it too. */
        static Outcome servedStale(CachedPage stale) {
            return new Outcome(Optional.of(stale), CompletableFuture.completedFuture(null));
        }
    }

    public void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, CacheRule rule)
            throws IOException, ServletException {
        RequestFacts facts = ServletFacts.request(request);
        Instant now = clock.instant();
        if (!facts.isGetOrHead()) {
            if (rule.mode() == CacheMode.HTTP) {
                forwardUnsafe(request, response, chain, rule, facts);
            } else {
                bypass(request, response, chain, "method");
            }
            return;
        }
        KeyBuilder.Result result = keys.get(rule.name()).build(facts);
        if (result instanceof KeyBuilder.Bypass b) {
            bypass(request, response, chain, b.reason().label());
            return;
        }
        // URL/method override headers, and paths the container resolved differently from the key (docs/security.md).
        Optional<KeyBuilder.BypassReason> guarded = requestGuard.check(facts, RequestGuard.containerPath(request));
        if (guarded.isPresent()) {
            bypass(request, response, chain, guarded.get().label());
            return;
        }
        // A GET with a body has no defined meaning (RFC 9110 §9.3.1); it must not share a page with plain GETs.
        if (facts.hasBody()) {
            bypass(request, response, chain, "request-body");
            return;
        }
        // In output mode a request with credentials neither reads nor writes shared pages.
        if (rule.mode() == CacheMode.OUTPUT && !rule.allowAuthorized() && facts.headers().contains("authorization")) {
            bypass(request, response, chain, Refusal.AUTHORIZATION.label());
            return;
        }
        CacheKey key = ((KeyBuilder.Keyed) result).key();
        StoreBudget budget = CurrentBudget.currentOr(config.storeTimeout());
        Stored found = lookup(key, facts, budget);
        Optional<CachedPage> stored = found.page();
        boolean shadowed = shadow.applies(rule);
        CacheStrategy.Decision decision = CacheStrategy.decide(rule, facts, stored, now);
        if (decision.action() == CacheStrategy.Action.FRESH_HIT && !shadowed) {
            // The hit path: nothing is rendered, so the response's headers need no snapshot.
            counters.hits.increment();
            CachedPage page = stored.orElseThrow();
            PageWriter.write(request, response, page, now, status().hit().ttl(page.ttlSeconds(now)));
            return;
        }
        Exchange ex = new Exchange(request, response, chain, rule, facts, key, ServletFacts.headers(response),
                found.storeAnswered(), budget);
        if (shadowed) {
            shadow.run(request, response, chain, rule, facts, key, ex.preExisting(), stored, now,
                    rule.mode() == CacheMode.OUTPUT ? HIDDEN_FROM_RENDER : HIDDEN_FROM_RENDER_HTTP, () -> tagsFor(ex));
            return;
        }
        switch (decision.action()) { // FRESH_HIT was served above
            case FRESH_HIT -> {
            }
            case STALE_HIT -> serveStale(ex, stored.orElseThrow(), now, decision.detail());
            case STALE_REFRESH -> refreshInGrace(ex, stored.orElseThrow(), now);
            case REVALIDATE -> revalidate(ex, stored.orElseThrow());
            // Output mode: a page past its stale-while-revalidate window but within stale-if-error is rendered
            // synchronously, and served if that render fails.
            case MISS -> miss(ex, decision.detail(), rule.mode() == CacheMode.OUTPUT
                    ? stored.filter(p -> p.isWithinGrace(now)) : Optional.empty());
            case UNSATISFIABLE -> {
                counters.misses.increment();
                // RFC 9111 §5.2.1.7: only-if-cached with nothing fit to serve gets 504.
                response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
                response.addHeader(CacheStatus.HEADER, status().detail("only-if-cached").toString());
                response.setContentLength(0);
            }
        }
    }

    private void bypass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String reason)
            throws IOException, ServletException {
        counters.bypasses.increment();
        CacheStatus status = status().fwd("bypass");
        if (config.debugHeaders()) {
            status.detail(reason);
        }
        response.addHeader(CacheStatus.HEADER, status.toString());
        chain.doFilter(request, response);
    }

    /**
     * What the store holds for a key, and whether it answered at all. A request whose lookup already waited out the
     * store timeout makes no further store calls (no lease), so that it waits for the store at most once.
     */
    private record Stored(Optional<CachedPage> page, boolean storeAnswered) {
    }

    private Stored lookup(CacheKey key, RequestFacts facts, StoreBudget budget) {
        StoreGateway.Lookup lookup = store.get(key.pageKey(), budget);
        if (lookup instanceof StoreGateway.Unavailable) {
            return new Stored(Optional.empty(), false);
        }
        if (!(lookup instanceof StoreGateway.Found found)) {
            return new Stored(Optional.empty(), true);
        }
        return new Stored(resolve(key, facts, found, budget), true);
    }

    /**
     * The page a value under the primary key stands for: the page itself, or, when it is a variant index (HTTP
     * mode, the origin sent {@code Vary}), the page under the secondary key the request's values select
     * (RFC 9111 §4.1; one more read).
     */
    private Optional<CachedPage> resolve(CacheKey key, RequestFacts facts, StoreGateway.Found found, StoreBudget budget) {
        Optional<List<String>> varyNames = VariantIndex.decode(found.value());
        if (varyNames.isEmpty()) {
            return decode(key, found, budget);
        }
        CacheKey variant = VariantIndex.secondary(key, varyNames.get(), facts.headers());
        return store.get(variant.pageKey(), budget) instanceof StoreGateway.Found v ? decode(variant, v, budget) : Optional.empty();
    }

    private Optional<CachedPage> decode(CacheKey key, StoreGateway.Found found, StoreBudget budget) {
        Optional<CachedPage> page = EntryCodec.decode(found.value());
        if (page.isEmpty() || !page.get().canonicalKey().equals(key.canonical())) {
            // A value we cannot read (or one written for another key) is a miss, and is removed; waiting for the
            // delete (within the budget) keeps this request's later look (after taking the lease) from meeting it again.
            counters.corruptEntries.increment();
            log.warn("corrupt-entry", "dropped an unreadable or foreign value under " + key.pageKey());
            store.awaitWrite(store.deleteAsync(key.pageKey()), budget);
            return Optional.empty();
        }
        return page;
    }

    private void serveStale(Exchange ex, CachedPage stale, Instant now, String detail) throws IOException {
        counters.staleHits.increment();
        PageWriter.write(ex.request(), ex.response(), stale, now,
                status().hit().fwd("stale").ttl(stale.ttlSeconds(now)).detail(detail));
    }

    /**
     * Renders a page nobody may be served without a render: once per key on this node (others wait for it), and
     * once across nodes (a render lease in the store; a node that finds it held waits for the other node's page).
     *
     * @param staleFallback a page within its stale-if-error window, served if the render fails
     * No lease is tried when the store did not answer this request's lookup ({@code ex.storeAnswered()}): no
     * second wait for it.
     */
    private void miss(Exchange ex, String forwardReason, Optional<CachedPage> staleFallback)
            throws IOException, ServletException {
        counters.misses.increment();
        String flightKey = ex.key().hash();
        RenderCoalescer.Membership<CachedPage> membership = coalescer.join(flightKey);
        if (!membership.leader()) {
            followLocalRender(ex, forwardReason, staleFallback, membership.flight());
            return;
        }
        Optional<CachedPage> result = Optional.empty();
        String token = null;
        CompletableFuture<CompletableFuture<Void>> stored = new CompletableFuture<>();
        CompletableFuture<Outcome> done = CompletableFuture.completedFuture(Outcome.none());
        try {
            String candidate = UUID.randomUUID().toString();
            StoreGateway.LeaseResult lease = ex.storeAnswered()
                    ? store.tryLease(ex.key().leaseKey(), candidate, config.renderTimeout(), ex.budget())
                    : StoreGateway.LeaseResult.UNAVAILABLE;
            if (lease == StoreGateway.LeaseResult.HELD_ELSEWHERE) {
                counters.leaseWaits.increment();
                // Held by this node: its render is done and only the page write is on its way. Wait for that within
                // what is left of this request's store budget (the write may be stuck in a store outage).
                Duration wait = ownLeases.contains(ex.key().leaseKey())
                        ? Duration.ofNanos(ex.budget().leftNanos()) : config.coalesceWait();
                LeaseWait waited = awaitOtherNode(ex.key(), ex.facts(), candidate, wait, ex.budget());
                if (waited.page().isPresent()) {
                    result = waited.page();
                    writeCollapsed(ex, result.get(), forwardReason);
                    return;
                }
                lease = waited.acquired() ? StoreGateway.LeaseResult.ACQUIRED : StoreGateway.LeaseResult.UNAVAILABLE;
            }
            if (lease == StoreGateway.LeaseResult.ACQUIRED) {
                token = candidate;
                // Another node (or a request here that looked up before it) may have stored the page between our
                // lookup and our lease: look once more rather than render it twice.
                Optional<CachedPage> landed = freshInStore(ex.key(), ex.facts(), ex.budget());
                if (landed.isPresent()) {
                    result = landed;
                    writeCollapsed(ex, landed.get(), forwardReason);
                    return;
                }
            }
            done = render(ex, forwardReason, staleFallback, Optional.empty(), (page, written) -> {
                stored.complete(written);
                coalescer.land(flightKey, membership.flight(), Optional.of(page));
            });
        } finally {
            landWhenDone(done, flightKey, membership.flight(), result, stored, ex.key(), token);
        }
    }

    /**
     * Lands the flight and releases the lease once the render is over, which for an application answering
     * asynchronously is after this thread has returned. On every path: a render that threw leaves {@code done}
     * completed with nothing; {@code early} is a page served without a render (another node's).
     */
    private void landWhenDone(CompletableFuture<Outcome> done, String flightKey,
                              RenderCoalescer.Flight<CachedPage> flight, Optional<CachedPage> early,
                              CompletableFuture<CompletableFuture<Void>> stored, CacheKey key, String token) {
        done.whenComplete((outcome, error) -> {
            Outcome o = outcome == null ? Outcome.none() : outcome;
            coalescer.land(flightKey, flight, early.isPresent() ? early : o.page());
            stored.complete(o.stored()); // no-op when the render already handed its store write over
            releaseAfter(stored.join(), key, token);
        });
    }

    /** Waits for this node's render of the same key; renders itself if that yields nothing shareable in time. */
    private void followLocalRender(Exchange ex, String forwardReason, Optional<CachedPage> staleFallback,
                                   RenderCoalescer.Flight<CachedPage> flight) throws IOException, ServletException {
        counters.coalescedWaits.increment();
        Optional<CachedPage> shared = flight.await(config.coalesceWait());
        if (shared.isEmpty()) {
            if (!flight.isDone()) {
                counters.coalesceTimeouts.increment();
            }
            render(ex, forwardReason, staleFallback, Optional.empty(), (page, written) -> { });
            return;
        }
        Instant now = clock.instant();
        if (staleFallback.isPresent() && !shared.get().isFresh(now)) {
            // The leader's render failed and it served the stale copy: so do we, instead of failing again.
            serveStale(ex, shared.get(), now, "stale-if-error");
            return;
        }
        writeCollapsed(ex, shared.get(), forwardReason);
    }

    /** Grace: the first request refreshes the page while every other one is served the stale copy at once. */
    private void refreshInGrace(Exchange ex, CachedPage stale, Instant now) throws IOException, ServletException {
        String flightKey = ex.key().hash();
        Optional<RenderCoalescer.Flight<CachedPage>> flight = coalescer.tryLead(flightKey);
        if (flight.isEmpty()) {
            serveStale(ex, stale, now, "refreshing");
            return;
        }
        String token = null;
        CompletableFuture<CompletableFuture<Void>> stored = new CompletableFuture<>();
        CompletableFuture<Outcome> done = CompletableFuture.completedFuture(Outcome.none());
        try {
            String candidate = UUID.randomUUID().toString();
            StoreGateway.LeaseResult lease = store.tryLease(ex.key().leaseKey(), candidate, config.renderTimeout(), ex.budget());
            // Held by this node's previous render, which has finished (only its release is on the way): refresh.
            if (lease == StoreGateway.LeaseResult.HELD_ELSEWHERE && !ownLeases.contains(ex.key().leaseKey())) {
                serveStale(ex, stale, now, "refreshing");
                return;
            }
            token = lease == StoreGateway.LeaseResult.ACQUIRED ? candidate : null;
            counters.misses.increment();
            counters.staleRefreshes.increment();
            done = render(ex, "stale", Optional.of(stale), Optional.empty(), (page, written) -> {
                stored.complete(written);
                coalescer.land(flightKey, flight.get(), Optional.of(page));
            });
        } finally {
            landWhenDone(done, flightKey, flight.get(), Optional.empty(), stored, ex.key(), token);
        }
    }

    /** HTTP mode: ask the origin whether the stored page is still good (RFC 9111 §4.3.1). */
    private void revalidate(Exchange ex, CachedPage stored) throws IOException, ServletException {
        counters.revalidations.increment();
        render(ex, "stale", Optional.empty(), Optional.of(stored), (page, written) -> { });
    }

    /**
     * Renders through the application with the body held, then stores the response if it may be stored and
     * writes it to the client.
     *
     * @param staleFallback served instead when the render throws or answers 5xx (stale-if-error)
     * @param revalidating  the stored page whose validators are sent; a 304 refreshes it instead of replacing it
     * @param onShareable   told of a stored page and its store write before the client is written to, so that
     *                      waiting requests and the lease release never depend on this client's connection
     */
    private CompletableFuture<Outcome> render(Exchange ex, String forwardReason, Optional<CachedPage> staleFallback,
                           Optional<CachedPage> revalidating,
                           java.util.function.BiConsumer<CachedPage, CompletableFuture<Void>> onShareable)
            throws IOException, ServletException {
        Instant requestTime = clock.instant();
        // While the page renders for the store, holes are written as markers (filled per response by PageWriter;
        // filled on the way out by HoleStreamingResponse if the page streams instead of being held). The capture
        // lasts until the response is whole, also when the application completes it asynchronously.
        HoleCapture holes = HoleCapture.begin(ex.request());
        HoleStreamingResponse streamed = new HoleStreamingResponse(ex.response(), holes,
                HoleFilling.once(ex.request(), ex.response()));
        CapturingResponse capture = new CapturingResponse(streamed, config.maxBodySize(), real -> {
            CacheStatus status = status().fwd(forwardReason);
            if (config.debugHeaders()) {
                status.detail(Refusal.TOO_LARGE.label());
            }
            real.addHeader(CacheStatus.HEADER, status.toString());
        });
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        AsyncCapture renderRequest = new AsyncCapture(RenderRequest.of(ex.request(),
                ex.rule().mode() == CacheMode.OUTPUT ? HIDDEN_FROM_RENDER : HIDDEN_FROM_RENDER_HTTP,
                forwardedFields(ex, revalidating)), capture, new AsyncCapture.Hooks() {
                    @Override
                    public void beforeComplete() {
                        // The application completed its asynchronous response: finish as a synchronous one would.
                        Outcome outcome = Outcome.none();
                        try {
                            outcome = finish(ex, capture, holes, streamed, forwardReason, staleFallback,
                                    revalidating, onShareable, requestTime);
                        } catch (IOException | RuntimeException e) {
                            log.error("async-finish:" + e.getClass().getSimpleName(), "finishing the asynchronous"
                                    + " response to " + ex.request().getRequestURI() + " failed", e);
                        } finally {
                            holes.end();
                            done.complete(outcome);
                        }
                    }

                    @Override
                    public void interrupted(String how) {
                        // Dispatched, timed out or failed: the container writes the rest; let it through unstored.
                        try {
                            capture.streamThrough(Capture.ASYNC);
                            streamed.finish();
                        } catch (IOException | RuntimeException e) {
                            log.warn("async-" + how, "could not release the held body after async " + how + ": " + e);
                        } finally {
                            holes.end();
                            counters.refused(Refusal.ASYNC.label());
                            done.complete(Outcome.none());
                        }
                    }
                });
        try {
            ex.chain().doFilter(renderRequest, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            if (staleFallback.isPresent() && !capture.isStreaming()) {
                log.error("render-failed:" + e.getClass().getSimpleName(), "rendering " + ex.request().getRequestURI()
                        + " failed; serving the stale copy (stale-if-error)", e);
                serveStaleOnError(ex, staleFallback.get());
                return CompletableFuture.completedFuture(Outcome.servedStale(staleFallback.get()));
            }
            throw e;
        } finally {
            if (!renderRequest.started()) {
                holes.end(); // an asynchronous response ends it in the hooks above
            }
        }
        if (renderRequest.started()) {
            return done; // finished by the hooks above, when the application completes (maybe already has)
        }
        if (ex.request().isAsyncStarted()) {
            // Started on a request object the filter did not hand out: let its bytes through and store nothing.
            capture.streamThrough(Capture.ASYNC);
            streamed.finish();
            counters.refused(Refusal.ASYNC.label());
            return CompletableFuture.completedFuture(Outcome.none());
        }
        return CompletableFuture.completedFuture(finish(ex, capture, holes, streamed, forwardReason, staleFallback,
                revalidating, onShareable, requestTime));
    }

    /** After the application's response is whole: decide, store and write it (on the render thread or async). */
    private Outcome finish(Exchange ex, CapturingResponse capture, HoleCapture holes, HoleStreamingResponse streamed,
                           String forwardReason,
                           Optional<CachedPage> staleFallback, Optional<CachedPage> revalidating,
                           java.util.function.BiConsumer<CachedPage, CompletableFuture<Void>> onShareable,
                           Instant requestTime) throws IOException {
        Capture captured = capture.capture();
        if (captured != Capture.COMPLETE) {
            streamed.finish();
            counters.refused(captured.refusal().label()); // already streamed, or the container writes an error page
            return Outcome.none();
        }
        Instant responseTime = clock.instant();
        int status = ex.response().getStatus();
        if (staleFallback.isPresent() && status >= 500) {
            serveStaleOnError(ex, staleFallback.get());
            return Outcome.servedStale(staleFallback.get());
        }
        HeaderMap headers = ServletFacts.headers(ex.response());
        if (revalidating.isPresent() && status == HttpServletResponse.SC_NOT_MODIFIED) {
            return refreshFromNotModified(ex, revalidating.get(), headers, requestTime, responseTime);
        }
        StoreDecision decision = Boolean.TRUE.equals(ex.request().getAttribute(OutputCache.DISABLE_ATTRIBUTE))
                ? new StoreDecision.Refuse(Refusal.OPTED_OUT)
                : Storability.decide(ex.facts(), new ResponseFacts(status, headers, Capture.COMPLETE), ex.rule(),
                requestTime, responseTime);
        byte[] body = capture.body();
        decision = leakCheck.screen(decision, ex.request(), ex.facts().headers(), body,
                ex.response().getHeader("Content-Encoding"));
        if (decision instanceof StoreDecision.Refuse refuse) {
            counters.refused(refuse.reason().label());
            CacheStatus cacheStatus = status().fwd(forwardReason).fwdStatus(status);
            if (config.debugHeaders()) {
                cacheStatus.detail(refuse.detail());
            }
            ex.response().addHeader(CacheStatus.HEADER, cacheStatus.toString());
            body = HoleFilling.fillUnstored(ex.request(), ex.response(), body, holes);
            ex.response().setContentLength(body.length);
            if (!ex.isHead()) {
                ex.response().getOutputStream().write(body);
            }
            return Outcome.none();
        }
        StoreDecision.Store store = (StoreDecision.Store) decision;
        Set<String> tags = tagsFor(ex);
        // HTTP mode: a response with Vary goes under its secondary key, with a variant index under the primary one.
        Optional<List<String>> varyNames = ex.rule().mode() == CacheMode.HTTP
                ? VariantIndex.varyNames(headers).filter(names -> !names.isEmpty())
                : Optional.empty();
        CacheKey storeKey = varyNames.map(names -> VariantIndex.secondary(ex.key(), names, ex.facts().headers()))
                .orElse(ex.key());
        HeaderMap storedHeaders = HoleFilling.markIfHoles(
                StoredHeaders.select(headers, ex.preExisting(), ex.rule().mode()), body, holes);
        // A page with holes stays uncompressed in the store: each response is filled for its client (benchmarks.md).
        CachedPage page = PageFactory.build(storeKey, ex.rule().mode(), status, storedHeaders, body, store,
                responseTime, tags, HoleFilling.hasHoles(storedHeaders) ? Long.MAX_VALUE : config.compressMinSize());
        CompletableFuture<Void> written = this.store.putAsync(storeKey.pageKey(), EntryCodec.encode(page),
                store.keepFor(), tags);
        boolean sent = written != StoreGateway.NOT_SENT;
        if (varyNames.isPresent()) {
            written = written.thenCombine(this.store.putAsync(ex.key().pageKey(), VariantIndex.encode(varyNames.get()),
                    store.keepFor(), tags), (a, b) -> null);
        }
        if (sent) {
            counters.stores.increment();
        }
        // A variant is not handed to requests waiting on the same primary key: their Vary values may differ.
        boolean shareable = varyNames.isEmpty();
        if (shareable) {
            onShareable.accept(page, written);
        }
        // Read-your-writes: once this response is complete, the next request for the page finds it. The wait spends
        // from the request's store budget, so a stalled store delays this miss at most once.
        this.store.awaitWrite(written, ex.budget());
        CacheStatus cacheStatus = status().fwd(forwardReason).fwdStatus(status);
        if (sent) {
            cacheStatus.stored();
        } else if (config.debugHeaders()) {
            cacheStatus.detail("store-unavailable");
        }
        PageWriter.writeFresh(ex.request(), ex.response(), page, responseTime,
                cacheStatus.ttl(page.ttlSeconds(responseTime)));
        return new Outcome(shareable ? Optional.of(page) : Optional.empty(), written);
    }

    /**
     * RFC 9111 §4.3.4: a 304 to our validators means the stored body is still good; its header fields replace the
     * stored ones and the page is fresh again.
     */
    private Outcome refreshFromNotModified(Exchange ex, CachedPage stored, HeaderMap notModified, Instant requestTime,
                                           Instant responseTime) throws IOException {
        HeaderMap.Builder merged = stored.headers().toBuilder();
        HeaderMap update = StoredHeaders.select(notModified, ex.preExisting(), ex.rule().mode());
        for (String name : update.names()) {
            if (!StoredHeaders.updatedBy304(name, ex.rule().mode())) {
                continue;
            }
            merged.remove(name);
            update.all(name).forEach(v -> merged.add(update.spelling(name), v));
        }
        HeaderMap headers = merged.build();
        StoreDecision decision = Storability.decide(ex.facts(),
                new ResponseFacts(stored.status(), headers, Capture.COMPLETE), ex.rule(), requestTime, responseTime);
        ex.response().reset();
        ServletFacts.restore(ex.response(), ex.preExisting());
        CacheStatus cacheStatus = status().fwd("stale").fwdStatus(HttpServletResponse.SC_NOT_MODIFIED);
        if (decision instanceof StoreDecision.Store store) {
            long created = responseTime.toEpochMilli();
            long freshUntil = created + store.freshFor().toMillis();
            CachedPage refreshed = stored.withHeadersAndTimes(headers, created, freshUntil,
                    freshUntil + store.staleServeFor().toMillis(), store.initialAgeSeconds());
            CompletableFuture<Void> written = this.store.putAsync(pageKeyOf(stored), EntryCodec.encode(refreshed),
                    store.keepFor(), refreshed.tags());
            counters.stores.increment();
            PageWriter.write(ex.request(), ex.response(), refreshed, responseTime,
                    cacheStatus.stored().ttl(refreshed.ttlSeconds(responseTime)));
            return new Outcome(Optional.of(refreshed), written);
        }
        // The updated headers forbid storing it again: serve it this once and drop the stored copy.
        this.store.deleteAsync(pageKeyOf(stored));
        CachedPage once = stored.withHeadersAndTimes(headers, stored.createdMillis(), stored.freshUntilMillis(),
                stored.staleUntilMillis(), stored.initialAgeSeconds());
        PageWriter.write(ex.request(), ex.response(), once, responseTime, cacheStatus);
        return Outcome.none();
    }

    private void serveStaleOnError(Exchange ex, CachedPage stale) throws IOException {
        counters.staleOnError.increment();
        counters.staleHits.increment();
        ex.response().reset(); // nothing was committed: the application's error response was only held
        ServletFacts.restore(ex.response(), ex.preExisting());
        Instant now = clock.instant();
        PageWriter.write(ex.request(), ex.response(), stale, now,
                status().hit().fwd("stale").ttl(stale.ttlSeconds(now)).detail("stale-if-error"));
    }

    private void writeCollapsed(Exchange ex, CachedPage page, String forwardReason) throws IOException {
        Instant now = clock.instant();
        PageWriter.write(ex.request(), ex.response(), page, now,
                status().fwd(forwardReason).collapsed().ttl(page.ttlSeconds(now)));
    }

    /** How a wait for another node's render ended: with its page, with the lease (it was released), or neither. */
    private record LeaseWait(Optional<CachedPage> page, boolean acquired) {
    }

    /**
     * Another node holds the render lease: poll the store (backing off from 5 ms to 100 ms) until its page appears,
     * the lease is free again (that render failed or stored nothing; we take the lease and render), the wait runs
     * out, or the store stops answering.
     */
    private LeaseWait awaitOtherNode(CacheKey key, RequestFacts facts, String token, Duration wait, StoreBudget budget) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = Duration.ofMillis(5).toNanos();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            if (Thread.currentThread().isInterrupted()) {
                return new LeaseWait(Optional.empty(), false);
            }
            StoreGateway.Lookup lookup = store.get(key.pageKey(), budget);
            if (lookup instanceof StoreGateway.Unavailable) {
                return new LeaseWait(Optional.empty(), false);
            }
            if (lookup instanceof StoreGateway.Found found) {
                Optional<CachedPage> page = resolve(key, facts, found, budget);
                if (page.isPresent() && page.get().isFresh(clock.instant())) {
                    return new LeaseWait(page, false);
                }
            }
            switch (store.tryLease(key.leaseKey(), token, config.renderTimeout(), budget)) {
                case ACQUIRED -> {
                    return new LeaseWait(Optional.empty(), true);
                }
                case UNAVAILABLE -> {
                    return new LeaseWait(Optional.empty(), false);
                }
                case HELD_ELSEWHERE -> {
                    // still rendering there
                }
            }
            pause = Math.min(pause * 2, Duration.ofMillis(100).toNanos());
        }
        counters.coalesceTimeouts.increment();
        return new LeaseWait(Optional.empty(), false);
    }

    /** A fresh page for the key in the store now, if any (one GET). */
    private Optional<CachedPage> freshInStore(CacheKey key, RequestFacts facts, StoreBudget budget) {
        if (store.get(key.pageKey(), budget) instanceof StoreGateway.Found found) {
            return resolve(key, facts, found, budget).filter(page -> page.isFresh(clock.instant()));
        }
        return Optional.empty();
    }


    private void releaseAfter(CompletableFuture<Void> stored, CacheKey key, String token) {
        if (token != null) {
            // Release only once the page is in the store, so no other node starts a render in between.
            ownLeases.add(key.leaseKey());
            store.track(stored.thenCompose(ok -> store.releaseLeaseAsync(key.leaseKey(), token))
                    .whenComplete((ok, error) -> ownLeases.remove(key.leaseKey())));
        }
    }

    /**
     * HTTP mode, unsafe methods: pass through, then invalidate what the response may have changed: the target
     * and the same-origin Location / Content-Location (RFC 9111 §4.4).
     */
    private void forwardUnsafe(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                               CacheRule rule, RequestFacts facts) throws IOException, ServletException {
        AsyncCapture forwarded = new AsyncCapture(request, response, new AsyncCapture.Hooks() {
            @Override
            public void beforeComplete() {
                invalidateAfterUnsafe(request, response, rule, facts);
            }

            @Override
            public void interrupted(String how) {
                // No final response from the application: nothing was changed that we know of.
            }
        });
        chain.doFilter(forwarded, response);
        if (!forwarded.started()) {
            invalidateAfterUnsafe(request, response, rule, facts);
        }
    }

    private void invalidateAfterUnsafe(HttpServletRequest request, HttpServletResponse response, CacheRule rule,
                                       RequestFacts facts) {
        // §4.4: only a non-error response means the state may have changed.
        int status = response.getStatus();
        if (status >= 400 || status < 200) {
            return;
        }
        KeyBuilder keyBuilder = keys.get(rule.name());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        List<CompletableFuture<Void>> invalidations = new java.util.ArrayList<>();
        keyBuilder.pathTag(path.isEmpty() ? "/" : path, request.getQueryString())
                .ifPresent(tag -> invalidations.add(store.invalidateTagAsync(tag)));
        for (String field : new String[] {"Location", "Content-Location"}) {
            String value = response.getHeader(field);
            if (value == null) {
                continue;
            }
            sameOriginPath(request, facts, value).ifPresent(uri -> keyBuilder.pathTag(uri.getRawPath(), uri.getRawQuery())
                    .ifPresent(tag -> invalidations.add(store.invalidateTagAsync(tag))));
        }
        // Wait (each is bounded by the store's write timeout and never fails) before the response completes, so that
        // the client's next request cannot overtake the invalidation and read what it just changed.
        CompletableFuture.allOf(invalidations.toArray(CompletableFuture[]::new)).join();
    }

    private static Optional<URI> sameOriginPath(HttpServletRequest request, RequestFacts facts, String reference) {
        try {
            URI base = URI.create(request.getRequestURL().toString());
            URI target = base.resolve(reference.trim());
            if (target.getHost() == null || !target.getHost().equalsIgnoreCase(facts.host())
                    || !target.getRawPath().startsWith(facts.contextPath())) {
                return Optional.empty();
            }
            String within = target.getRawPath().substring(facts.contextPath().length());
            return Optional.of(new URI(null, null, within.isEmpty() ? "/" : within, target.getRawQuery(), null));
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The store key a page was read from: the primary key, or a secondary (variant) key. */
    private static String pageKeyOf(CachedPage stored) {
        return "p:" + CacheKey.sha256(stored.canonicalKey());
    }

    /**
     * Fields set on the request the application renders: the stored validators when revalidating, and in HTTP
     * mode the surrogate capability, so that the origin may address Surrogate-Control to this cache.
     */
    private static Map<String, String> forwardedFields(Exchange ex, Optional<CachedPage> revalidating) {
        Map<String, String> fields = new LinkedHashMap<>(revalidating.map(CachingHandler::validators).orElse(Map.of()));
        if (ex.rule().mode() == CacheMode.HTTP) {
            fields.put(SurrogateControl.CAPABILITY_FIELD, SurrogateControl.CAPABILITY_VALUE);
        }
        return fields;
    }

    private static Map<String, String> validators(CachedPage stored) {
        Map<String, String> fields = new LinkedHashMap<>();
        stored.headers().first("etag").ifPresent(etag -> fields.put("If-None-Match", etag));
        stored.headers().first("last-modified").ifPresent(lm -> fields.put("If-Modified-Since", lm));
        return fields;
    }

    private Set<String> tagsFor(Exchange ex) {
        Set<String> tags = new LinkedHashSet<>(ex.rule().tags());
        Object requested = ex.request().getAttribute(OutputCache.TAGS_ATTRIBUTE);
        if (requested instanceof Set<?> set) {
            set.forEach(t -> tags.add(t.toString()));
        }
        tags.add(ex.key().pathTag());
        return tags;
    }

    private CacheStatus status() {
        return CacheStatus.of(config.cacheStatusName());
    }

    public RenderCoalescer<CachedPage> coalescer() {
        return coalescer;
    }

    /** The tag of every variant of a path, under the rule that covers it. */
    public Optional<String> pathTag(CacheRule rule, String path, String rawQuery) {
        return keys.get(rule.name()).pathTag(path, rawQuery);
    }
}
