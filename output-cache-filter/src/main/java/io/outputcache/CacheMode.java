package io.outputcache;

/**
 * Who decides whether, and for how long, a response matched by a rule may be reused.
 */
public enum CacheMode {
    /**
     * The rule decides: its TTL, its vary settings and the strict refusals of an output cache
     * (no {@code Set-Cookie}, no {@code Authorization}, no {@code private} or {@code no-store}).
     * The response's own {@code Cache-Control} is only consulted for refusals, or for its lifetime
     * when {@link CacheRule.Builder#useOriginMaxAge(boolean)} is set.
     */
    OUTPUT,

    /**
     * The origin decides, as an RFC 9111 shared cache would: freshness from {@code Cache-Control},
     * {@code Expires} and {@code Age}, {@code Vary} from the response, revalidation of stale entries
     * and invalidation on unsafe methods.
     */
    HTTP
}
