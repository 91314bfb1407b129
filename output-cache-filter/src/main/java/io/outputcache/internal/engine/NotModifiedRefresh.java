package io.outputcache.internal.engine;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.policy.ResponseFacts;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import io.outputcache.internal.policy.Revalidation;
import io.outputcache.internal.policy.StoreDecision;
import io.outputcache.internal.policy.Storability;
import io.outputcache.internal.policy.StoredHeaders;
import io.outputcache.internal.servlet.PageWriter;
import io.outputcache.internal.servlet.ServletFacts;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP mode, RFC 9111 §4.3.4: a 304 to our validators means the stored body is still good; its header fields
 * replace the stored ones and the page is fresh again (or, when the updated fields forbid storing it, served
 * this once and dropped).
 */
final class NotModifiedRefresh {

    /** The refreshed page (empty when it may no longer be stored) and its store write. */
    record Refreshed(Optional<CachedPage> page, CompletableFuture<Void> written) {
    }

    private final StoreCalls calls;
    private final Answers answers;
    private final Counters counters;

    NotModifiedRefresh(StoreCalls calls, Answers answers, Counters counters) {
        this.calls = calls;
        this.answers = answers;
        this.counters = counters;
    }

    /**
     * @param renderEpoch the invalidation epoch read before the revalidation was sent: the origin vouched for the
     *                    stored body after it, so an invalidation since then withdraws the refreshed page
     */
    Refreshed apply(Exchange ex, CachedPage stored, Captured notModified, OptionalLong renderEpoch)
            throws IOException {
        HeaderMap update = StoredHeaders.select(notModified.headers(), ex.preExisting(), ex.rule().mode(),
                ex.targets());
        HeaderMap headers = Revalidation.merge(stored.headers(), update, ex.rule().mode());
        StoreDecision decision = Storability.decide(ex.facts(),
                new ResponseFacts(stored.status(), headers, Capture.COMPLETE), ex.rule(), notModified.requestTime(),
                notModified.responseTime(), ex.targets());
        ex.response().reset();
        ServletFacts.restore(ex.response(), ex.preExisting());
        var cacheStatus = answers.status().fwd("stale").fwdStatus(HttpServletResponse.SC_NOT_MODIFIED);
        String storeKey = PageSpace.LIVE.ofCanonical(stored.canonicalKey());
        if (decision instanceof StoreDecision.Store store) {
            long created = notModified.responseTime().toEpochMilli();
            long freshUntil = created + store.freshFor().toMillis();
            CachedPage refreshed = stored.withHeadersAndTimes(headers, created, freshUntil,
                    freshUntil + store.staleServeFor().toMillis(), store.initialAgeSeconds());
            CompletableFuture<Void> written = calls.putAsync(storeKey, EntryCodec.encode(refreshed), store.keepFor(),
                    refreshed.tags(), renderEpoch);
            counters.stores.increment();
            // Read-your-writes, as for a page just rendered: the client's next request finds the refreshed page.
            calls.awaitWrite(written, ex.budget());
            PageWriter.write(ex.request(), ex.response(), refreshed, notModified.responseTime(),
                    cacheStatus.stored().ttl(refreshed.ttlSeconds(notModified.responseTime())), ex.targets());
            return new Refreshed(Optional.of(refreshed), written);
        }
        calls.deleteAsync(storeKey);
        CachedPage once = stored.withHeadersAndTimes(headers, stored.createdMillis(), stored.freshUntilMillis(),
                stored.staleUntilMillis(), stored.initialAgeSeconds());
        PageWriter.write(ex.request(), ex.response(), once, notModified.responseTime(), cacheStatus, ex.targets());
        return new Refreshed(Optional.empty(), CompletableFuture.completedFuture(null));
    }
}
