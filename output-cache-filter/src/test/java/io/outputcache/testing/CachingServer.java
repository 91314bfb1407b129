package io.outputcache.testing;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.RedisInvariants;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The filter in front of a test's servlets on a started container, against the test Redis under a fresh key
 * prefix, as the HTTP-level tests set it up. Registered on a field ({@code @RegisterExtension}), it stops the
 * container after each test and then checks that every key the test wrote expires and no render lease is held.
 *
 * <pre>{@code
 * @RegisterExtension
 * final CachingServer site = new CachingServer();
 * ...
 * HttpProbe http = site.start(TestServer.builder().servlet("/*", page), c -> c.rule(...));
 * }</pre>
 */
public final class CachingServer implements AfterEachCallback {
    private final String prefix = TestRedis.newPrefix();
    private AutoCloseable running;
    private ServletContext servletContext;
    private OutputCache cache;

    /** The key prefix this test's filter writes under. */
    public String prefix() {
        return prefix;
    }

    /**
     * The configuration the tests start from: the test Redis, this prefix, debug headers on, and a store timeout
     * generous enough for a busy machine, since these tests are about HTTP behaviour.
     */
    public OutputCacheConfig.Builder config() {
        return OutputCacheConfig.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).debugHeaders(true)
                .storeTimeout(Duration.ofSeconds(2));
    }

    /** Starts the Jetty with the filter configured from {@link #config()} and then {@code config}. */
    public HttpProbe start(TestServer.Builder server, UnaryOperator<OutputCacheConfig.Builder> config) {
        return start(server, config.apply(config()).build());
    }

    /** Starts the Jetty with a filter of exactly this configuration. */
    public HttpProbe start(TestServer.Builder server, OutputCacheConfig config) {
        OutputCacheFilter filter = new OutputCacheFilter(config);
        TestServer started = server.filter(filter).start();
        return started(started, started.context().getServletContext(), started.client(), filter);
    }

    /** Starts the container with the filter configured from {@link #config()} and then {@code config}. */
    public HttpProbe start(ServletContainer.Builder container, UnaryOperator<OutputCacheConfig.Builder> config) {
        OutputCacheFilter filter = new OutputCacheFilter(config.apply(config()).build());
        ServletContainer started = container.filter(filter).start();
        return started(started, started.servletContext(), started.client(), filter);
    }

    private HttpProbe started(AutoCloseable server, ServletContext context, HttpProbe client,
            OutputCacheFilter filter) {
        running = server;
        servletContext = context;
        cache = filter.outputCache();
        return client;
    }

    /** The started filter's handle. */
    public OutputCache cache() {
        return cache;
    }

    /** The servlet context the filter runs in. */
    public ServletContext servletContext() {
        return servletContext;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (running != null) {
            running.close();
        }
        RedisInvariants.assertEveryKeyExpires(prefix);
    }
}
