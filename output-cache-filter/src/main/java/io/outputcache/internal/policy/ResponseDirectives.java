package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.SurrogateControl;
import io.outputcache.internal.http.TargetedCacheControl;

import java.util.Optional;

/**
 * The response directives this cache obeys in HTTP mode, and where they came from. In order:
 * <ol>
 *   <li>the first field of the target list with a valid, non-empty value (RFC 9213 §2.1); it replaces
 *       {@code Cache-Control} <em>and</em> {@code Expires};</li>
 *   <li>{@code Surrogate-Control} directives without a target or targeted at this cache (Edge Architecture 1.0);
 *       they replace {@code Cache-Control}, and {@code Expires} still gives a lifetime when they give none;</li>
 *   <li>{@code Cache-Control}.</li>
 * </ol>
 * RFC 9213 comes first because it is the standard and its fields are parsed strictly; a site that sends both
 * means the same by them.
 *
 * @param cacheControl the directives
 * @param source       which field they came from
 * @param fieldName    the field's name as configured ({@code Cache-Control}, {@code Surrogate-Control} or the
 *                     targeted field's)
 */
public record ResponseDirectives(CacheControl cacheControl, Source source, String fieldName) {

    /** Where the directives came from. */
    public enum Source {
        TARGETED, SURROGATE, CACHE_CONTROL
    }

    /** The directives for this cache among the response's fields. */
    public static ResponseDirectives of(HeaderMap headers, TargetedCacheControl targets) {
        Optional<TargetedCacheControl.Selected> targeted = targets.select(headers);
        if (targeted.isPresent()) {
            return new ResponseDirectives(targeted.get().directives(), Source.TARGETED, targeted.get().fieldName());
        }
        Optional<CacheControl> surrogate = SurrogateControl.forThisCache(headers);
        if (surrogate.isPresent()) {
            return new ResponseDirectives(surrogate.get(), Source.SURROGATE, "Surrogate-Control");
        }
        return new ResponseDirectives(CacheControl.of(headers), Source.CACHE_CONTROL, "Cache-Control");
    }

    /** Whether {@code Expires} may give the lifetime: not when a targeted field decides (RFC 9213 §2.1). */
    public boolean expiresApplies() {
        return source != Source.TARGETED;
    }
}
