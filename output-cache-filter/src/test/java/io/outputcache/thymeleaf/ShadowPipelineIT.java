package io.outputcache.thymeleaf;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.ByteArrayCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow mode stores through the same pipeline as live mode: for a page with holes and a {@code Vary}, what
 * shadow mode writes (under its own key space) is byte for byte what live mode writes, variant index included,
 * and neither holds a user's filled holes.
 */
class ShadowPipelineIT {
    private final MutableClock clock = MutableClock.atRealNow(); // fixed: both entries get the same times
    private final String prefix = TestRedis.newPrefix();
    private TestServer live;
    private TestServer shadow;

    /**
     * The template servlet behind an origin that marks its pages cacheable and varying on the language, and dates
     * them by the test's clock (HTTP mode stores the origin's Date).
     */
    private final class VaryingTemplates extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final TemplateServlet templates = new TemplateServlet();

        @Override
        public void init() throws ServletException {
            templates.init(getServletConfig());
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
            res.setHeader("Cache-Control", "max-age=60");
            res.setHeader("Vary", "Accept-Language");
            res.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
            templates.service(req, res);
        }
    }

    private TestServer start(boolean shadowMode) {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(prefix)
                .clock(clock)
                .storeTimeout(Duration.ofSeconds(2))
                .rule(CacheRule.builder("pages").include("/p/**").mode(CacheMode.HTTP).shadow(shadowMode).build())
                .build());
        TestServer server = TestServer.builder().servlet("/*", new VaryingTemplates()).filter(filter).start();
        filter.outputCache().fragments().registerHole("cartCount", (req, res) ->
                "<span class=\"cart\">cart-of-" + TemplateServlet.user(req) + "</span>");
        filter.outputCache().fragments().registerHole("csrf", (req, res) ->
                "<input type=\"hidden\" name=\"token\" value=\"token-of-" + TemplateServlet.user(req) + "\">");
        return server;
    }

    @AfterEach
    void stop() {
        for (TestServer server : new TestServer[] {live, shadow}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Both servers are asked as one site (the host is part of the key; their ports differ). */
    private static HttpProbe.Response get(TestServer server, String user) {
        return server.client().get("/p/withholes", "Host: shop.example:8080", "Cookie: user=" + user,
                "Accept-Language: de");
    }

    /** The values under {@code <prefix>:<kind>:*}, by hash. */
    private Map<String, byte[]> entries(String kind) {
        Map<String, byte[]> values = new TreeMap<>();
        String start = prefix + ":" + kind + ":";
        for (String key : TestRedis.inspector().getKeys().getKeysByPattern(start + "*")) {
            values.put(key.substring(start.length()),
                    TestRedis.inspector().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get());
        }
        return values;
    }

    @Test
    void whatShadowModeStoresIsByteForByteWhatLiveModeStores() {
        live = start(false);
        shadow = start(true);
        HttpProbe.Response fromLive = get(live, "alice");
        HttpProbe.Response fromShadow = get(shadow, "bob");
        assertThat(fromLive.cacheStatus()).contains("stored");
        assertThat(fromShadow.cacheStatus()).contains("fwd=bypass").contains("stored");
        assertThat(fromShadow.text()).as("the shadow client gets its own holes").contains("cart-of-bob")
                .doesNotContain("alice");

        Map<String, byte[]> livePages = entries("p");
        Map<String, byte[]> shadowPages = entries("s");
        assertThat(livePages).as("a variant index and the variant").hasSize(2);
        assertThat(shadowPages.keySet()).isEqualTo(livePages.keySet());
        livePages.forEach((hash, value) -> assertThat(shadowPages.get(hash)).as(hash).isEqualTo(value));
        for (byte[] value : shadowPages.values()) {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("cart-of-").doesNotContain("token-of-").doesNotContain("bob");
        }
    }

    @Test
    void aShadowEntryIsNeverServedLive() {
        shadow = start(true);
        get(shadow, "bob");
        live = start(false);
        HttpProbe.Response first = get(live, "alice");
        assertThat(first.isHit()).as(first.cacheStatus()).isFalse();
        assertThat(first.text()).contains("cart-of-alice").doesNotContain("bob");
    }
}
