package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page the application renders asynchronously (startAsync, render and complete on another thread): its holes
 * must still be markers in the store, because the page is stored when the application completes it.
 */
class AsyncHolesIT {
    private final String prefix = TestRedis.newPrefix();
    private final TemplateServlet servlet = new TemplateServlet(true);
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpProbe start() throws Exception {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url()).keyPrefix(prefix).storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(5)).build())
                .build());
        server = TestServer.builder().asyncServlets(true).servlet("/*", servlet).filter(filter).start();
        OutputCache cache = filter.outputCache();
        cache.fragments().registerHole("cartCount", (req, res) -> "<span>cart-of-" + TemplateServlet.user(req) + "</span>");
        cache.fragments().registerHole("csrf", (req, res) -> "<input value=\"token-of-" + TemplateServlet.user(req) + "\">");
        return server.client();
    }

    @Test
    void asynchronouslyRenderedPageKeepsItsHolesOutOfTheStore() throws Exception {
        HttpProbe http = start();
        HttpProbe.Response alice = http.get("/p/withholes", "Cookie: user=alice");
        HttpProbe.Response bob = http.get("/p/withholes", "Cookie: user=bob");

        assertThat(alice.text()).contains("cart-of-alice").contains("token-of-alice").doesNotContain("oc:hole");
        assertThat(bob.text()).contains("cart-of-bob").doesNotContain("alice");
        StringBuilder stored = new StringBuilder();
        for (String key : TestRedis.inspector().getKeys().getKeysByPattern(prefix + ":p:*")) {
            byte[] raw = TestRedis.inspector().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
            stored.append(new String(EntryCodec.decode(raw).orElseThrow().identityBody(), StandardCharsets.UTF_8));
        }
        assertThat(stored.toString()).contains("<!--oc:hole:cartCount-->").doesNotContain("alice").doesNotContain("bob")
                .doesNotContain("inline-");
        assertThat(bob.isHit()).as(bob.cacheStatus()).isTrue();
    }
}
