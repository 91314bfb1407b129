package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.ServletContainer;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What the {@code ContainerMatrix*IT} classes share: one container of the given kind with the filter in front of a
 * servlet, against a real Redis, closed after each test with every key it wrote checked for an expiry. The classes
 * are split by topic (responses and async cycles, sessions, paths) to keep each file small; each is parameterised by
 * {@link ServletContainer.Kind}, so every test runs once per container, with the container's defaults, sessions on.
 */
abstract class ContainerMatrixCase {
    final ServletContainer.Kind kind;
    final PageServlet page = new PageServlet();
    final String prefix = TestRedis.newPrefix();
    ServletContainer container;
    OutputCache cache;

    ContainerMatrixCase(ServletContainer.Kind kind) {
        this.kind = kind;
    }

    HttpProbe start(HttpServlet servlet, CacheRule.Builder rule, UnaryOperator<OutputCacheConfig.Builder> extra) {
        OutputCacheConfig config = extra.apply(OutputCacheConfig.builder()
                        .redisUrl(TestRedis.url())
                        .keyPrefix(prefix)
                        .debugHeaders(true)
                        // generous: these tests are about HTTP behaviour, on a machine that may be busy
                        .storeTimeout(Duration.ofSeconds(2))
                        .rule(rule.build()))
                .build();
        OutputCacheFilter filter = new OutputCacheFilter(config);
        container = kind.builder().servlet("/*", servlet).filter(filter).start();
        cache = filter.outputCache();
        return container.client();
    }

    HttpProbe start(CacheRule.Builder rule) {
        return start(page, rule, UnaryOperator.identity());
    }

    HttpProbe startDefault() {
        return start(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)));
    }

    /** Runs after a subclass's own {@code @AfterEach} (JUnit runs the subclass's first). */
    @AfterEach
    void stopContainer() {
        if (container != null) {
            container.close();
        }
        RedisInvariants.assertEveryKeyExpires(prefix);
    }

    static void write(HttpServletResponse res, String body) {
        res.setContentType("text/plain;charset=UTF-8");
        try {
            res.getWriter().print(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
