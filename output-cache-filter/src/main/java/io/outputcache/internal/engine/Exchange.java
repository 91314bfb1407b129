package io.outputcache.internal.engine;

import io.outputcache.CacheRule;
import io.outputcache.internal.gateway.StoreBudget;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.key.CacheKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Instant;

/**
 * One request on its way through the cache, so that the steps need not pass ten arguments around.
 *
 * @param preExisting   response fields set before the chain (by filters in front of ours): never stored, they set
 *                      them again on hits
 * @param storeAnswered false when this request's lookup got no answer from the store (no lease is tried then)
 * @param budget        bounds the request's waits on the store, together, by store-timeout
 * @param now           the clock, read once when the request arrived
 * @param targets       this filter's target list of targeted cache control fields (RFC 9213), built once
 */
record Exchange(HttpServletRequest request, HttpServletResponse response, FilterChain chain, CacheRule rule,
                RequestFacts facts, CacheKey key, HeaderMap preExisting, boolean storeAnswered, StoreBudget budget,
                Instant now, TargetedCacheControl targets) {

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }
}
