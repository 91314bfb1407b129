package io.outputcache.internal.engine;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheStats;
import io.outputcache.internal.key.PathNormalizer;
import io.outputcache.store.PageStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Everything one filter instance runs on, wired together: store access, handler, counters and the handle. */
public final class OutputCacheEngine implements OutputCache {
    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");

    private final OutputCacheConfig config;
    private final PageStore store;
    private final Counters counters = new Counters();
    private final CircuitBreaker breaker;
    private final StoreGateway gateway;
    private final CachingHandler handler;

    public OutputCacheEngine(OutputCacheConfig config, PageStore store) {
        this.config = config;
        this.store = store;
        ThrottledLog throttled = new ThrottledLog(LOG, config.clock(), config.errorLogInterval());
        this.breaker = new CircuitBreaker(config.clock(), config.breakerFailureThreshold(), config.breakerOpenDuration(),
                (from, to) -> {
                    switch (to) {
                        case OPEN -> LOG.warn("store circuit breaker opened ({} -> open): pages are rendered uncached"
                                + " for {} before one probe", from.label(), config.breakerOpenDuration());
                        case HALF_OPEN -> LOG.info("store circuit breaker half-open: probing {}", store.describe());
                        case CLOSED -> LOG.info("store circuit breaker closed: {} answers again, caching resumes",
                                store.describe());
                    }
                });
        this.gateway = new StoreGateway(store, breaker, config.storeTimeout(), throttled, counters);
        this.handler = new CachingHandler(config, gateway, counters, throttled);
        gateway.warmUp("p:warm-up", Duration.ofSeconds(1));
    }

    /** Serves a request: through the cache when a rule covers its path, untouched otherwise. */
    public void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<CacheRule> rule = config.ruleFor(pathWithinApp(request));
        if (rule.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try (Counters.RuleScope scope = counters.inRule(rule.get().name())) {
            handler.handle(request, response, chain, rule.get());
        }
    }

    /** The normalised path rules are matched against; the container's decoded path when ours cannot be made. */
    static String pathWithinApp(HttpServletRequest request) {
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        Optional<String> normalized = PathNormalizer.normalize(request.getRequestURI())
                .filter(p -> p.startsWith(context))
                .map(p -> p.substring(context.length()));
        if (normalized.isPresent()) {
            return normalized.get().isEmpty() ? "/" : normalized.get();
        }
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public long invalidatePath(String pathAndQuery) {
        if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/' but was '" + pathAndQuery + "'");
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Optional<String> normalized = PathNormalizer.normalize(path);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("path '" + pathAndQuery + "' is not a valid path");
        }
        Optional<CacheRule> rule = config.ruleFor(normalized.get());
        if (rule.isEmpty()) {
            return 0; // no rule covers it, so nothing was ever stored for it
        }
        Optional<String> tag = handler.pathTag(rule.get(), normalized.get(), query);
        return tag.map(gateway::invalidateTag).orElse(0L);
    }

    @Override
    public long invalidateTag(String tag) {
        return gateway.invalidateTag(io.outputcache.internal.config.TagNames.check("tag", tag));
    }

    @Override
    public void clear() {
        gateway.clear();
    }

    @Override
    public OutputCacheStats stats() {
        return counters.snapshot(breaker);
    }

    @Override
    public java.util.List<String> shadowMismatchSample() {
        return counters.shadowMismatchSample();
    }

    public OutputCacheConfig config() {
        return config;
    }

    public PageStore store() {
        return store;
    }

    public StoreGateway gateway() {
        return gateway;
    }

    public Counters counters() {
        return counters;
    }

    public CachingHandler handler() {
        return handler;
    }

    /** Lets background writes (and the lease releases that follow them) finish, then closes the store. */
    public void close() {
        gateway.drain(Duration.ofSeconds(2)); // let page writes and lease releases finish before the client goes
        store.close();
    }
}
