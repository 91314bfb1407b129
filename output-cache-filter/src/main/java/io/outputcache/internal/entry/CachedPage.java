package io.outputcache.internal.entry;

import io.outputcache.internal.http.HeaderMap;

import java.io.IOException;
import java.io.OutputStream;
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
 * @param identity          where its identity bytes come from when {@code body} is gzip: the node's recent
 *                          inflations, or kept with the page once inflated (a near cache's decoded copy); never
 *                          part of the stored form
 */
public record CachedPage(String canonicalKey, int status, long createdMillis, long freshUntilMillis,
                         long staleUntilMillis, long initialAgeSeconds, String etag, HeaderMap headers, boolean gzip,
                         byte[] body, int identityLength, Set<String> tags, IdentityBody identity) {

    public CachedPage {
        tags = Set.copyOf(tags);
        identity = identity == null ? IdentityBody.fromNode() : identity;
    }

    /** A page whose identity bytes come from the node's recent inflations ({@link InflatedBodies}). */
    public CachedPage(String canonicalKey, int status, long createdMillis, long freshUntilMillis,
                      long staleUntilMillis, long initialAgeSeconds, String etag, HeaderMap headers, boolean gzip,
                      byte[] body, int identityLength, Set<String> tags) {
        this(canonicalKey, status, createdMillis, freshUntilMillis, staleUntilMillis, initialAgeSeconds, etag, headers,
                gzip, body, identityLength, tags, IdentityBody.fromNode());
    }

    /** The same page, its identity bytes coming from {@code from} (e.g. kept once inflated). */
    public CachedPage withIdentity(IdentityBody from) {
        return new CachedPage(canonicalKey, status, createdMillis, freshUntilMillis, staleUntilMillis,
                initialAgeSeconds, etag, headers, gzip, body, identityLength, tags, from);
    }

    /** The uncompressed body: {@code body} itself, or inflated from it (or kept from an earlier inflation). */
    public byte[] identityBody() throws IOException {
        return gzip ? identity.bytes(canonicalKey, body, identityLength) : body;
    }

    /** Writes the uncompressed body to {@code out}. */
    public void writeIdentityBody(OutputStream out) throws IOException {
        if (gzip) {
            identity.writeTo(canonicalKey, body, identityLength, out);
        } else {
            out.write(body);
        }
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
