package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OutputCacheFilterIT {
    private final PageServlet page = new PageServlet();
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;

    private HttpProbe start(CacheRule.Builder rule) {
        OutputCacheConfig config = OutputCacheConfig.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(prefix)
                .debugHeaders(true)
                .rule(rule.build())
                .build();
        server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start();
        return server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void secondRequestIsAHitAndDoesNotRender() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)));
        HttpProbe.Response first = http.get("/a");
        HttpProbe.Response second = http.get("/a");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cacheStatus()).contains("fwd=uri-miss").contains("stored");
        assertThat(second.cacheStatus()).contains("hit");
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(page.renders()).isEqualTo(1);
    }
}
