package io.outputcache.internal.http;

/**
 * One member of the {@code Cache-Status} response field (RFC 9211): the cache's name and what it did.
 * Built fluently, e.g. {@code CacheStatus.of("outputcache").hit().ttl(42)} → {@code outputcache; hit; ttl=42}.
 */
public final class CacheStatus {
    public static final String HEADER = "Cache-Status";

    private final StringBuilder value;

    private CacheStatus(String cacheName) {
        this.value = new StringBuilder(64).append(cacheName);
    }

    public static CacheStatus of(String cacheName) {
        return new CacheStatus(cacheName);
    }

    /**
     * {@code <cacheName>; hit; ttl=<seconds>}, the text of a fresh hit, for one cache name: a hot page is hit many
     * times in each second of its ttl, so the text of a ttl second is built once (the first
     * {@value #MEMO_SECONDS} seconds; a longer ttl is built each time). A race builds the same text twice.
     */
    public static final class Hits {
        static final int MEMO_SECONDS = 4096;

        private final String cacheName;
        private final String[] texts = new String[MEMO_SECONDS];

        public Hits(String cacheName) {
            this.cacheName = cacheName;
        }

        /** The field value of a fresh hit with {@code ttlSeconds} of freshness left. */
        public String text(long ttlSeconds) {
            if (ttlSeconds < 0 || ttlSeconds >= MEMO_SECONDS) {
                return of(cacheName).hit().ttl(ttlSeconds).toString();
            }
            String text = texts[(int) ttlSeconds];
            if (text == null) {
                text = of(cacheName).hit().ttl(ttlSeconds).toString();
                texts[(int) ttlSeconds] = text;
            }
            return text;
        }
    }

    /** Served from the cache without forwarding (§2.1). */
    public CacheStatus hit() {
        value.append("; hit");
        return this;
    }

    /** Forwarded towards the origin, and why: uri-miss, stale, request, bypass, vary-miss (§2.2). */
    public CacheStatus fwd(String reason) {
        value.append("; fwd=").append(reason);
        return this;
    }

    /** The status the forward produced (§2.3). */
    public CacheStatus fwdStatus(int status) {
        value.append("; fwd-status=").append(status);
        return this;
    }

    /** Freshness left, in seconds; negative when stale (§2.4). */
    public CacheStatus ttl(long seconds) {
        value.append("; ttl=").append(seconds);
        return this;
    }

    /** The response was stored (§2.5). */
    public CacheStatus stored() {
        value.append("; stored");
        return this;
    }

    /** This request waited for another's forward instead of making its own (§2.6). */
    public CacheStatus collapsed() {
        value.append("; collapsed");
        return this;
    }

    /** Free-form detail (§2.8), written as a token when it is one, else as a quoted string. */
    public CacheStatus detail(String detail) {
        value.append("; detail=");
        if (detail.matches("[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~:/-]*")) {
            value.append(detail);
        } else {
            value.append('"').append(detail.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return this;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
