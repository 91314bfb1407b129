package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.entry.PageFactory;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.policy.CacheStrategy;
import io.outputcache.internal.policy.Refusal;
import io.outputcache.internal.policy.ResponseFacts;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.policy.Storability;
import io.outputcache.internal.policy.StoredHeaders;
import io.outputcache.internal.servlet.CapturingResponse;
import io.outputcache.internal.servlet.RenderRequest;
import io.outputcache.internal.servlet.ServletFacts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Shadow mode: the cache runs beside the application without serving anything. Each request is keyed and
 * looked up as usual, then rendered fresh for the client whatever the lookup found. When the lookup would have
 * been a hit, the stored body is compared with the fresh one: a difference means the rule would have served
 * one request's page to another (a query parameter it ignores, a header it does not key, a per-user fragment).
 * When it would have missed, the fresh render is stored as the real cache would store it, so later requests
 * can be compared against it.
 *
 * <p>The client always gets the fresh render (status, headers, body) with {@code Cache-Status: ...; fwd=bypass;
 * detail=shadow-...}. Conditional and range requests get the full page: the render is made without them, as for
 * a render that is to be stored.
 */
final class ShadowRunner {
    private final OutputCacheConfig config;
    private final Clock clock;
    private final StoreGateway store;
    private final Counters counters;
    private final LeakCheck leakCheck;

    ShadowRunner(OutputCacheConfig config, StoreGateway store, Counters counters, LeakCheck leakCheck) {
        this.config = config;
        this.clock = config.clock();
        this.store = store;
        this.counters = counters;
        this.leakCheck = leakCheck;
    }

    /** Whether a request under this rule runs in shadow mode. */
    boolean applies(CacheRule rule) {
        return config.shadow() || rule.shadow();
    }

    /**
     * @param hiddenFromRender request fields the render must not see (as for a render that is stored)
     * @param tags             the tags to store a page under, read after the render (the application adds some)
     */
    void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, CacheRule rule,
             RequestFacts facts, CacheKey key, HeaderMap preExisting, Optional<CachedPage> stored, Instant now,
             Set<String> hiddenFromRender, Supplier<Set<String>> tags) throws IOException, ServletException {
        counters.shadowLookups.increment();
        CacheStrategy.Action action = CacheStrategy.decide(rule, facts, stored, now).action();
        boolean wouldHit = action == CacheStrategy.Action.FRESH_HIT || action == CacheStrategy.Action.STALE_HIT
                || action == CacheStrategy.Action.STALE_REFRESH;
        // A real cache refreshes a page in grace, so shadow mode stores then too; it does not replace a fresh one.
        boolean wouldStore = !wouldHit || action == CacheStrategy.Action.STALE_REFRESH;
        Instant requestTime = clock.instant();
        CapturingResponse capture = new CapturingResponse(response, config.maxBodySize(),
                real -> real.addHeader(CacheStatus.HEADER, status().fwd("bypass").detail("shadow-unstored").toString()));
        chain.doFilter(RenderRequest.of(request, hiddenFromRender, Map.of()), capture);
        if (request.isAsyncStarted()) {
            capture.streamThrough(Capture.ASYNC);
            counters.refused(Refusal.ASYNC.label());
            return;
        }
        Capture captured = capture.capture();
        if (captured != Capture.COMPLETE) {
            counters.refused(captured.refusal().label());
            return;
        }
        Instant responseTime = clock.instant();
        int status = response.getStatus();
        byte[] body = capture.body();
        String detail = "shadow-miss";
        if (wouldHit) {
            counters.shadowWouldHit.increment();
            detail = "shadow-hit";
            if (!sameAs(stored.orElseThrow(), status, body)) {
                detail = "shadow-mismatch";
                String path = request.getRequestURI().substring(facts.contextPath().length());
                counters.shadowMismatch(path.isEmpty() ? "/" : path); // no query: it may carry a token
            }
        }
        CacheStatus cacheStatus = status().fwd("bypass").fwdStatus(status);
        if (wouldStore) {
            HeaderMap headers = ServletFacts.headers(response);
            StoreDecision decision = Boolean.TRUE.equals(request.getAttribute(OutputCache.DISABLE_ATTRIBUTE))
                    ? new StoreDecision.Refuse(Refusal.OPTED_OUT)
                    : Storability.decide(facts, new ResponseFacts(status, headers, Capture.COMPLETE), rule,
                    requestTime, responseTime);
            decision = leakCheck.screen(decision, request, facts.headers(), body, response.getHeader("Content-Encoding"));
            if (decision instanceof StoreDecision.Store s) {
                Set<String> pageTags = tags.get();
                CachedPage page = PageFactory.build(key, rule.mode(), status,
                        StoredHeaders.select(headers, preExisting, rule.mode()), body, s, responseTime, pageTags,
                        config.compressMinSize());
                store.putAsync(key.pageKey(), EntryCodec.encode(page), s.keepFor(), pageTags);
                counters.stores.increment();
                cacheStatus.stored();
            } else {
                counters.refused(((StoreDecision.Refuse) decision).reason().label());
            }
        }
        response.addHeader(CacheStatus.HEADER, cacheStatus.detail(detail).toString());
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** Whether serving the stored page would have given the client what the fresh render gave. */
    static boolean sameAs(CachedPage page, int status, byte[] freshBody) {
        if (page.status() != status) {
            return false;
        }
        if (page.identityLength() != freshBody.length) {
            return false;
        }
        try {
            byte[] storedBody = page.gzip() ? Bodies.gunzip(page.body()) : page.body();
            return Arrays.equals(storedBody, freshBody);
        } catch (IOException e) {
            return false; // an unreadable stored body would not have served this client well either
        }
    }

    private CacheStatus status() {
        return CacheStatus.of(config.cacheStatusName());
    }
}
