package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.TargetedCacheControl;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Which response header fields are stored and replayed with a page. */
public final class StoredHeaders {

    /** Hop-by-hop fields (RFC 9110 §7.6.1) and fields the filter computes itself on every response. */
    private static final Set<String> NEVER = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
            "trailer", "transfer-encoding", "upgrade",
            "content-length", "age", "cache-status");

    /**
     * Output mode replaces the validator with its own and lets the container date each response; it never replays
     * a cookie (it refuses to store such responses at all). HTTP mode stores {@code Set-Cookie} like any other
     * field, as RFC 9111 §3.1 allows, when it stores such a response at all: only under a rule with
     * {@code store-set-cookie} (Storability), or without the field when {@code no-cache="set-cookie"} lists it.
     */
    private static final Set<String> NEVER_IN_OUTPUT_MODE = Set.of("etag", "date", "content-encoding", "set-cookie",
            "set-cookie2");

    /**
     * Fields a 304 does not replace in HTTP mode (RFC 9111 §3.2): those that describe the stored bytes themselves,
     * which the 304 did not send, and the validator the 304 answered to.
     */
    private static final Set<String> KEPT_ON_304_IN_HTTP_MODE = Set.of(
            "content-encoding", "content-length", "content-md5", "content-range", "etag");
    /** Output mode: the stored body's own type and coding stay. */
    private static final Set<String> KEPT_ON_304_IN_OUTPUT_MODE = Set.of("content-type", "content-encoding");

    private StoredHeaders() {
    }

    /** Whether a field of a 304 (already {@link #select selected}) replaces the stored one (RFC 9111 §3.2, §4.3.4). */
    public static boolean updatedBy304(String lowerName, CacheMode mode) {
        return !(mode == CacheMode.HTTP ? KEPT_ON_304_IN_HTTP_MODE : KEPT_ON_304_IN_OUTPUT_MODE).contains(lowerName);
    }

    /**
     * @param response    every field on the response after the application rendered it
     * @param preExisting fields that were on the response before the filter passed it on (set by filters in front
     *                    of this one, which will set them again on every request, hits included)
     */
    public static HeaderMap select(HeaderMap response, HeaderMap preExisting, CacheMode mode) {
        return select(response, preExisting, mode, TargetedCacheControl.DEFAULT);
    }

    /**
     * As {@link #select(HeaderMap, HeaderMap, CacheMode)}, reading a qualified {@code no-cache} from the directives
     * this cache obeys (a targeted field replaces Cache-Control, RFC 9213 §2.1). Targeted fields themselves are
     * stored, consumed ones too: later decisions on the stored copy read them (the writer leaves consumed ones out).
     */
    public static HeaderMap select(HeaderMap response, HeaderMap preExisting, CacheMode mode,
                                   TargetedCacheControl targets) {
        Set<String> connectionListed = new HashSet<>();
        for (String v : response.all("connection")) {
            for (String member : v.split(",")) {
                connectionListed.add(member.trim().toLowerCase(Locale.ROOT));
            }
        }
        // HTTP mode, RFC 9111 §5.2.2.4: fields a qualified no-cache lists are not stored, so that the rest may be
        // reused without validation.
        Set<String> noCacheListed = mode == CacheMode.HTTP
                ? NoCache.listedFields(ResponseDirectives.of(response, targets).cacheControl()) : Set.of();
        HeaderMap.Builder out = HeaderMap.builder();
        for (String name : response.names()) {
            if (NEVER.contains(name) || connectionListed.contains(name) || noCacheListed.contains(name)
                    || (mode == CacheMode.OUTPUT && NEVER_IN_OUTPUT_MODE.contains(name))) {
                continue;
            }
            // HTTP mode: the origin's Date is part of the stored response (RFC 9111 §4.2.3 age arithmetic), even
            // when it equals the one the container put on the response before the chain ran.
            boolean keepAll = mode == CacheMode.HTTP && name.equals("date");
            for (String value : response.all(name)) {
                if (keepAll || !preExisting.all(name).contains(value)) {
                    out.add(response.spelling(name), value);
                }
            }
        }
        return out.build();
    }
}
