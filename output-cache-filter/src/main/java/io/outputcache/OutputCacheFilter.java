package io.outputcache;

import io.outputcache.internal.webxml.InitParameters;
import io.outputcache.internal.engine.OutputCacheEngine;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.store.PageStore;
import io.outputcache.store.RedisPageStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caches whole responses in Redis (or another {@link PageStore}) for the paths its rules cover.
 *
 * <p>Deploy it from {@code web.xml} (configured by init-params, see {@code docs/configuration.md}) or register it
 * in code with a built {@link OutputCacheConfig}:
 * <pre>{@code
 * OutputCacheConfig config = OutputCacheConfig.builder()
 *         .redisUrl("redis://127.0.0.1:6379")
 *         .rule(CacheRule.builder("pages").include("/", "/products/*").ttl(Duration.ofMinutes(5)).build())
 *         .build();
 * context.addFilter(new FilterHolder(new OutputCacheFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 * A bad configuration fails {@link #init} with a message naming the parameter. Once running, a store that is slow
 * or down costs renders, never failed requests. The filter publishes its {@link OutputCache} handle as a servlet
 * context attribute. It handles only REQUEST dispatches and is safe to mark {@code async-supported}; with
 * {@code async-store-reads} on it must be mapped for ASYNC dispatches too ({@link #dispatcherTypes()}), on which
 * it handles only the requests it suspended itself.
 */
public class OutputCacheFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCacheFilter.class);

    private final OutputCacheConfig presetConfig;
    private volatile OutputCacheEngine engine;
    private FilterConfig filterConfig;

    /** For {@code web.xml}: the configuration comes from the init-params. */
    public OutputCacheFilter() {
        this.presetConfig = null;
    }

    /** For registration in code: init-params are ignored. */
    public OutputCacheFilter(OutputCacheConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.presetConfig = config;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        this.filterConfig = filterConfig;
        String name = filterConfig.getFilterName();
        OutputCacheEngine running;
        synchronized (this) {
            running = engine != null ? engine : open(name, configFrom(filterConfig));
            engine = running;
        }
        filterConfig.getServletContext().setAttribute(OutputCache.ATTRIBUTE, running);
        if (name != null) {
            filterConfig.getServletContext().setAttribute(OutputCache.ATTRIBUTE + "." + name, running);
        }
    }

    /**
     * Opens the store and starts the cache now, before the container calls {@link #init}, and returns its handle;
     * {@code init} then only publishes it in the servlet context. For frameworks that manage the filter as an
     * object and hand its handle to other parts before the container starts (the Spring Boot
     * auto-configuration). Only for a filter constructed with a configuration; calling it again returns the same
     * handle.
     *
     * @throws IllegalStateException when the filter takes its configuration from init-params, or the store
     *                               cannot be set up
     */
    public synchronized OutputCache start() {
        if (presetConfig == null) {
            throw new IllegalStateException("start() needs a filter constructed with an OutputCacheConfig");
        }
        if (engine == null) {
            try {
                engine = open("(started in code)", presetConfig);
            } catch (ServletException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return engine;
    }

    private OutputCacheConfig configFrom(FilterConfig filterConfig) throws ServletException {
        try {
            return presetConfig != null ? presetConfig : InitParameters.parse(initParams(filterConfig)).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("OutputCacheFilter '" + filterConfig.getFilterName() + "' is misconfigured: "
                    + e.getMessage(), e);
        }
    }

    private static OutputCacheEngine open(String name, OutputCacheConfig config) throws ServletException {
        PageStore store;
        try {
            store = openStore(config);
        } catch (RuntimeException e) {
            throw new ServletException("OutputCacheFilter '" + name + "' could not set up its store: " + e.getMessage(), e);
        }
        OutputCacheEngine started;
        try {
            started = new OutputCacheEngine(config, store);
        } catch (IllegalArgumentException | IllegalStateException e) {
            store.close();
            throw new ServletException("OutputCacheFilter '" + name + "' is misconfigured: " + e.getMessage(), e);
        }
        LOG.info("output cache '{}' started on {}: {}", name, store.describe(), config);
        return started;
    }

    /** Builds the store the configuration asks for. */
    static PageStore openStore(OutputCacheConfig config) {
        if (config.store().isPresent()) {
            return config.store().get();
        }
        if (config.redissonClient().isPresent()) {
            return new RedisPageStore(config.redissonClient().get(), config.keyPrefix());
        }
        if (config.storeType() == OutputCacheConfig.StoreType.MEMORY) {
            try {
                Class.forName("com.github.benmanes.caffeine.cache.Caffeine", false, OutputCacheFilter.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("store=memory needs com.github.ben-manes.caffeine:caffeine on the classpath", e);
            }
            return new InMemoryPageStore(config.memoryMaxSize());
        }
        return RedisPageStore.connect(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        OutputCacheEngine running = engine;
        if (running == null || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)
                || (request.getDispatcherType() != DispatcherType.REQUEST && !running.resumes(http))) {
            chain.doFilter(request, response);
            return;
        }
        running.doFilter(http, httpResponse, chain);
    }

    @Override
    public void destroy() {
        OutputCacheEngine running = engine;
        engine = null;
        if (running == null) {
            return;
        }
        if (filterConfig != null) {
            var context = filterConfig.getServletContext();
            if (context.getAttribute(OutputCache.ATTRIBUTE) == running) {
                context.removeAttribute(OutputCache.ATTRIBUTE);
            }
            context.removeAttribute(OutputCache.ATTRIBUTE + "." + filterConfig.getFilterName());
        }
        running.close();
    }

    /**
     * The dispatcher types to map this filter for: REQUEST, and ASYNC as well when its configuration turns
     * {@code async-store-reads} on (the requests it suspends go on on an ASYNC dispatch). Only for a filter
     * constructed with a configuration.
     *
     * @throws IllegalStateException when the filter takes its configuration from init-params
     */
    public EnumSet<DispatcherType> dispatcherTypes() {
        if (presetConfig == null) {
            throw new IllegalStateException("dispatcherTypes() needs a filter constructed with an OutputCacheConfig");
        }
        return presetConfig.asyncStoreReads() ? EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC)
                : EnumSet.of(DispatcherType.REQUEST);
    }

    /** The handle of this filter, once started or initialised (the same object published in the servlet context). */
    public OutputCache outputCache() {
        OutputCacheEngine running = engine;
        if (running == null) {
            throw new IllegalStateException("the filter has not been initialised (or was destroyed)");
        }
        return running;
    }

    private static Map<String, String> initParams(FilterConfig filterConfig) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        return params;
    }
}
