package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.SurrogateControl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Asking the origin whether a stored response is still good, and what its 304 changes (RFC 9111 §4.3). */
public final class Revalidation {
    private Revalidation() {
    }

    /**
     * Fields set on the request the application renders: the stored validators when revalidating (§4.3.1:
     * If-None-Match from the ETag, If-Modified-Since from Last-Modified), and in HTTP mode the surrogate
     * capability, so that the origin may address Surrogate-Control to this cache.
     */
    public static Map<String, String> forwardedFields(CacheMode mode, Optional<CachedPage> revalidating) {
        Map<String, String> fields = new LinkedHashMap<>();
        revalidating.ifPresent(stored -> {
            stored.headers().first("etag").ifPresent(etag -> fields.put("If-None-Match", etag));
            stored.headers().first("last-modified").ifPresent(lm -> fields.put("If-Modified-Since", lm));
        });
        if (mode == CacheMode.HTTP) {
            fields.put(SurrogateControl.CAPABILITY_FIELD, SurrogateControl.CAPABILITY_VALUE);
        }
        return fields;
    }

    /** §4.3.1: whether the stored page has a validator the origin can be asked about (ETag or Last-Modified). */
    public static boolean hasValidators(CachedPage stored) {
        return stored.headers().contains("etag") || stored.headers().contains("last-modified");
    }

    /**
     * §4.3.4: the stored header fields with those of the 304 that update them; the stored body stays.
     *
     * @param update the 304's fields as they would be stored ({@link StoredHeaders#select})
     */
    public static HeaderMap merge(HeaderMap stored, HeaderMap update, CacheMode mode) {
        HeaderMap.Builder merged = stored.toBuilder();
        for (String name : update.names()) {
            if (!StoredHeaders.updatedBy304(name, mode)) {
                continue;
            }
            merged.remove(name);
            update.all(name).forEach(v -> merged.add(update.spelling(name), v));
        }
        return merged.build();
    }
}
