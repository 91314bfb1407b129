package io.outputcache;

import io.outputcache.testing.CachingServer;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What {@link OutputCacheFilterIT} and {@link OutputCacheFilterRefusalIT} share: the whole-page cache on a real
 * Jetty in front of a {@link PageServlet}, against a real Redis ({@link CachingServer} closes both after each test).
 */
abstract class OutputCacheFilterCase {
    final PageServlet page = new PageServlet();
    @RegisterExtension
    final CachingServer site = new CachingServer();
    final String prefix = site.prefix();
    OutputCache cache;

    HttpProbe start(CacheRule.Builder rule) {
        return start(rule, UnaryOperator.identity());
    }

    HttpProbe start(CacheRule.Builder rule, UnaryOperator<OutputCacheConfig.Builder> extra) {
        HttpProbe http = site.start(TestServer.builder().servlet("/*", page), c -> extra.apply(c.rule(rule.build())));
        cache = site.cache();
        return http;
    }

    HttpProbe startDefault() {
        return start(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)));
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
