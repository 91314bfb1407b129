package io.outputcache.spring;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheStats;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Actuator endpoint {@code outputcache}. Like every endpoint but {@code health}, it is not exposed over HTTP
 * until {@code management.endpoints.web.exposure.include} names it, and whatever protects the other endpoints
 * (Spring Security's rules for {@code EndpointRequest}) protects it too.
 * <ul>
 * <li>{@code GET /actuator/outputcache}: the counters ({@link OutputCacheStats}).</li>
 * <li>{@code POST /actuator/outputcache} with the JSON body {@code {"tag": "product-42"}} or
 *     {@code {"path": "/products/42"}}: invalidates the pages under the tag, or every stored variant of the path;
 *     answers {@code {"tag": "product-42", "removed": 3}}. Exactly one of the two must be given (else 400).</li>
 * <li>{@code DELETE /actuator/outputcache}: removes everything this cache stored; answers {@code {"cleared": true}}.</li>
 * </ul>
 * Invalidation reaches every node that shares the store; when the store cannot be reached the call fails
 * (500) instead of pretending that the purge happened.
 */
@Endpoint(id = "outputcache")
public class OutputCacheEndpoint {
    private final OutputCache cache;

    /** The endpoint of this cache. */
    public OutputCacheEndpoint(OutputCache cache) {
        this.cache = cache;
    }

    /** The counters since the filter started. */
    @ReadOperation
    public OutputCacheStats stats() {
        return cache.stats();
    }

    /** Invalidates by tag or by path (exactly one); returns what it removed. */
    @WriteOperation
    public Map<String, Object> invalidate(@Nullable String tag, @Nullable String path) {
        if ((tag == null) == (path == null)) {
            throw new InvalidEndpointRequestException("give exactly one of 'tag' and 'path'",
                    "exactly one of tag and path is required");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            if (tag != null) {
                answer.put("tag", tag);
                answer.put("removed", cache.invalidateTag(tag));
            } else {
                answer.put("path", path);
                answer.put("removed", cache.invalidatePath(path));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
        return answer;
    }

    /** Removes everything this cache stored. */
    @DeleteOperation
    public Map<String, Object> clear() {
        cache.clear();
        return Map.of("cleared", true);
    }
}
