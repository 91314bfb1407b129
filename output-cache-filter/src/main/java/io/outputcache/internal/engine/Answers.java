package io.outputcache.internal.engine;

import io.outputcache.OutputCacheConfig;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.fragment.HoleFilling;
import io.outputcache.internal.fragment.FragmentScreen;
import io.outputcache.internal.fragment.HoleRegistry;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.servlet.PageWriter;
import io.outputcache.internal.servlet.ServletFacts;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;

/**
 * The responses the cache gives, each with its {@code Cache-Status} (RFC 9211) and its counter; the bytes are
 * {@link PageWriter}'s. One place, so that a kind of answer reads the same on every path that gives it.
 */
final class Answers {
    private final OutputCacheConfig config;
    private final Counters counters;
    private final TargetedCacheControl targets;
    private final CacheStatus.Hits hits;
    private final HoleRegistry holes;

    /** @param holes the renderers the holes of a stored page are filled with (no render puts them on the request) */
    Answers(OutputCacheConfig config, Counters counters, TargetedCacheControl targets, HoleRegistry holes) {
        this.config = config;
        this.counters = counters;
        this.targets = targets;
        this.hits = new CacheStatus.Hits(config.cacheStatusName());
        this.holes = holes;
    }

    /** A stored page is written without entering the chain: a page with holes needs their renderers put on it. */
    private CachedPage withRenderers(HttpServletRequest request, CachedPage page) {
        if (HoleFilling.hasHoles(page)) {
            request.setAttribute(HoleRegistry.ATTRIBUTE, holes);
        }
        return page;
    }

    CacheStatus status() {
        return CacheStatus.of(config.cacheStatusName());
    }

    /** Passes the request through untouched, saying why in a debug Cache-Status. */
    void bypass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String reason)
            throws IOException, ServletException {
        counters.bypasses.increment();
        request.setAttribute(FragmentScreen.PAGE_BYPASSED, Boolean.TRUE); // its fragments are not shared either
        CacheStatus status = status().fwd("bypass");
        if (config.debugHeaders()) {
            status.detail(reason);
        }
        response.addHeader(CacheStatus.HEADER, status.toString());
        chain.doFilter(request, response);
    }

    /** A fresh stored page. The hit path: nothing is rendered, so the response's headers need no snapshot. */
    void hit(HttpServletRequest request, HttpServletResponse response, CachedPage page, Instant now)
            throws IOException {
        counters.hits.increment();
        PageWriter.write(request, response, withRenderers(request, page), now, hits.text(page.ttlSeconds(now)),
                targets);
    }

    /** A stale page served at once (grace, stale-while-revalidate, stale-if-error). */
    void stale(Exchange ex, CachedPage stale, String detail) throws IOException {
        counters.staleHits.increment();
        PageWriter.write(ex.request(), ex.response(), withRenderers(ex.request(), stale), ex.now(),
                status().hit().fwd("stale").ttl(stale.ttlSeconds(ex.now())).detail(detail), targets);
    }

    /** The render failed and nothing of it was committed: the stale copy replaces the held error response. */
    void staleOnError(Exchange ex, CachedPage stale) throws IOException {
        counters.staleOnError.increment();
        ex.response().reset();
        ServletFacts.restore(ex.response(), ex.preExisting());
        stale(ex, stale, "stale-if-error");
    }

    /** A page another render produced while this request waited for it. */
    void collapsed(Exchange ex, CachedPage page, String forwardReason) throws IOException {
        PageWriter.write(ex.request(), ex.response(), withRenderers(ex.request(), page), ex.now(),
                status().fwd(forwardReason).collapsed().ttl(page.ttlSeconds(ex.now())), targets);
    }

    /** A render the store pipeline refused: sent as rendered (holes filled), saying why in a debug Cache-Status. */
    void unstored(Exchange ex, Captured captured, StoreDecision.Refuse refuse, String forwardReason) throws IOException {
        CacheStatus cacheStatus = status().fwd(forwardReason).fwdStatus(captured.status());
        if (config.debugHeaders()) {
            cacheStatus.detail(refuse.detail());
        }
        ex.response().addHeader(CacheStatus.HEADER, cacheStatus.toString());
        writeRendered(ex, captured);
    }

    /** A page just rendered and stored (or not sent: the breaker was open), written from its entry. */
    void fresh(Exchange ex, PageStorer.Kept kept, Captured captured, String forwardReason) throws IOException {
        CacheStatus cacheStatus = status().fwd(forwardReason).fwdStatus(captured.status());
        if (kept.sent()) {
            cacheStatus.stored();
        } else if (config.debugHeaders()) {
            cacheStatus.detail("store-unavailable");
        }
        PageWriter.writeFresh(ex.request(), ex.response(), kept.page(), captured.responseTime(),
                cacheStatus.ttl(kept.page().ttlSeconds(captured.responseTime())), targets);
    }

    /** Writes a held render as the application made it, its holes filled for this request. */
    void writeRendered(Exchange ex, Captured captured) throws IOException {
        PageWriter.withhold(ex.response(), targets);
        byte[] body = HoleFilling.fillUnstored(ex.request(), ex.response(), captured.body(), captured.holes());
        ex.response().setContentLength(body.length);
        if (!ex.isHead()) {
            ex.response().getOutputStream().write(body);
        }
    }

    /** RFC 9111 §5.2.1.7: only-if-cached with nothing fit to serve gets 504. */
    void onlyIfCachedUnsatisfiable(HttpServletResponse response) {
        counters.misses.increment();
        response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
        response.addHeader(CacheStatus.HEADER, status().detail("only-if-cached").toString());
        response.setContentLength(0);
    }
}
