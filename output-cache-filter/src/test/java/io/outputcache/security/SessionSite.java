package io.outputcache.security;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter with one rule in front of an application on a Jetty with real sessions, against the test Redis
 * under a fresh prefix, for the tests of what one user's page must never hand another. Registered on a field
 * ({@code @RegisterExtension}), it stops the server after each test.
 */
final class SessionSite implements AfterEachCallback {
    private TestServer server;
    private OutputCacheFilter filter;

    /** Starts {@code app} behind a filter of {@code config} (the test Redis, debug headers) and {@code rule}. */
    HttpProbe start(OutputCacheConfig.Builder config, CacheRule rule, HttpServlet app) {
        filter = new OutputCacheFilter(config.redisUrl(TestRedis.url())
                .keyPrefix(TestRedis.newPrefix()).debugHeaders(true)
                .rule(rule)
                .build());
        server = TestServer.builder().sessions(true).filter(filter).servlet("/*", app).start();
        return server.client();
    }

    OutputCache cache() {
        return filter.outputCache();
    }

    /** Signs in at {@code target} and answers the session cookie ({@code NAME=value}) the container set. */
    static String signIn(HttpProbe http, String target) {
        HttpProbe.Response login = http.get(target);
        assertThat(login.status()).isEqualTo(200);
        return login.header("set-cookie").split(";")[0];
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
