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
     * {@code <cacheName>; hit; ttl=<seconds>}, the text of a fresh hit, for one cache name, built once per ttl
     * second ({@link SecondTexts}).
     */
    public static final class Hits {
        private final SecondTexts texts;

        public Hits(String cacheName) {
            this.texts = new SecondTexts(ttl -> of(cacheName).hit().ttl(ttl).toString());
        }

        /** The field value of a fresh hit with {@code ttlSeconds} of freshness left. */
        public String text(long ttlSeconds) {
            return texts.of(ttlSeconds);
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
