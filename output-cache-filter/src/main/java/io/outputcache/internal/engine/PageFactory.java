package io.outputcache.internal.engine;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.key.CacheKey;
import io.outputcache.internal.policy.StoreDecision;

import java.time.Instant;
import java.util.Set;

/** Builds the entry for a response that may be stored: compression, validator, times. */
final class PageFactory {
    private PageFactory() {
    }

    /**
     * @param compressMinSize bodies below this stay uncompressed
     */
    static CachedPage build(CacheKey key, CacheMode mode, int status, HeaderMap storedHeaders, byte[] body,
                                   StoreDecision.Store decision, Instant responseTime, Set<String> tags,
                                   long compressMinSize) {
        long created = responseTime.toEpochMilli();
        long freshUntil = created + decision.freshFor().toMillis();
        long staleUntil = freshUntil + decision.staleServeFor().toMillis();
        String etag;
        boolean gzip = false;
        byte[] stored = body;
        if (mode == CacheMode.OUTPUT) {
            etag = Bodies.etag(body);
            // Compress once here so that every hit to a gzip-capable client is a plain copy.
            if (body.length >= compressMinSize && Bodies.isCompressible(storedHeaders.first("content-type").orElse(null))) {
                byte[] compressed = Bodies.gzip(body);
                if (compressed.length < body.length) {
                    stored = compressed;
                    gzip = true;
                }
            }
        } else {
            // HTTP mode is transparent: the origin's validator and bytes, untransformed.
            etag = storedHeaders.first("etag").orElse("");
        }
        return new CachedPage(key.canonical(), status, created, freshUntil, staleUntil, decision.initialAgeSeconds(),
                etag, storedHeaders, gzip, stored, body.length, tags);
    }
}
