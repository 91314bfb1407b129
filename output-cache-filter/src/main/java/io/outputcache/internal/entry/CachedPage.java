package io.outputcache.internal.entry;

import io.outputcache.internal.http.HeaderMap;

import java.time.Instant;
import java.util.Set;

/**
 * A stored response.
 *
 * @param canonicalKey      the key's canonical text, compared on read to detect collisions and foreign values
 * @param status            the response status
 * @param createdMillis     when the response was received (the "response_time" of RFC 9111 §4.2.3)
 * @param freshUntilMillis  until when it may be served without asking anyone
 * @param staleUntilMillis  until when it may be served stale (grace); the store drops it at this time
 * @param initialAgeSeconds the age it already had when stored (RFC 9111 §4.2.3 corrected_initial_age)
 * @param etag              the strong validator sent with it, quoted
 * @param headers           end-to-end header fields to replay (never Set-Cookie, hop-by-hop fields or Content-Length)
 * @param gzip              whether {@code body} is gzip-compressed by the filter (and can be sent as is to clients
 *                          that accept gzip)
 * @param body              the stored body bytes; not copied, never modified
 * @param identityLength    the length of the uncompressed body
 * @param tags              the tags it was stored under
 */
public record CachedPage(String canonicalKey, int status, long createdMillis, long freshUntilMillis,
                         long staleUntilMillis, long initialAgeSeconds, String etag, HeaderMap headers, boolean gzip,
                         byte[] body, int identityLength, Set<String> tags) {

    public CachedPage {
        tags = Set.copyOf(tags);
    }

    /** Current age in whole seconds (RFC 9111 §4.2.3: corrected initial age plus resident time). */
    public long ageSeconds(Instant now) {
        long resident = Math.max(0, now.toEpochMilli() - createdMillis) / 1000;
        return initialAgeSeconds + resident;
    }

    /** Seconds of freshness left; negative once stale (as Cache-Status ttl reports it). */
    public long ttlSeconds(Instant now) {
        return Math.floorDiv(freshUntilMillis - now.toEpochMilli(), 1000);
    }

    public boolean isFresh(Instant now) {
        return now.toEpochMilli() < freshUntilMillis;
    }

    public boolean isWithinGrace(Instant now) {
        return now.toEpochMilli() < staleUntilMillis;
    }

    public CachedPage withHeadersAndTimes(HeaderMap newHeaders, long created, long freshUntil, long staleUntil,
                                          long initialAge) {
        return new CachedPage(canonicalKey, status, created, freshUntil, staleUntil, initialAge, etag, newHeaders, gzip,
                body, identityLength, tags);
    }
}
