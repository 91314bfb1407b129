package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-page cache on a real Jetty with a real servlet behind it, against a real Redis: hits, validators and
 * gzip, keying, invalidation, damaged entries and a lost store. What the filter refuses to store or bypasses is in
 * {@link OutputCacheFilterRefusalIT}. What depends on the container (HEAD, sendError, sessions, async cycles,
 * flushBuffer, decoded paths) is in the {@code ContainerMatrix*IT} classes ({@link ContainerMatrixIT},
 * {@link ContainerMatrixSessionIT}, {@link ContainerMatrixPathIT}), which run on Tomcat as well.
 */
class OutputCacheFilterIT extends OutputCacheFilterCase {
    @Test
    void secondRequestIsAHitAndDoesNotRender() {
        HttpProbe http = startDefault();
        HttpProbe.Response first = http.get("/a");
        HttpProbe.Response second = http.get("/a");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cacheStatus()).isEqualTo("outputcache; fwd=uri-miss; fwd-status=200; stored; ttl=60");
        assertThat(second.cacheStatus()).startsWith("outputcache; hit; ttl=");
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.header("content-type")).isEqualTo(first.header("content-type"));
        assertThat(second.header("age")).isNotNull();
        assertThat(page.renders()).isEqualTo(1);
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
        assertThat(cache.stats().stores()).isEqualTo(1);
    }

    @Test
    void hitAndMissCarryTheSameStrongEtag() {
        HttpProbe http = startDefault();
        String first = http.get("/a").header("etag");
        String second = http.get("/a").header("etag");
        assertThat(first).matches("\"[A-Za-z0-9_-]{27}\"").isEqualTo(second);
    }

    @Test
    void matchingIfNoneMatchGets304WithoutBody() {
        HttpProbe http = startDefault();
        String etag = http.get("/a").header("etag");
        HttpProbe.Response revalidated = http.get("/a", "If-None-Match: W/\"nope\", " + etag);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.rawBody()).isEmpty();
        assertThat(revalidated.header("etag")).isEqualTo(etag);
        assertThat(http.get("/a", "If-None-Match: \"other\"").status()).isEqualTo(200);
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void conditionalFirstRequestStillStoresTheWholePage() {
        HttpProbe http = startDefault();
        http.get("/a", "If-None-Match: \"stale-from-another-node\"");
        assertThat(http.get("/a").isHit()).isTrue();
    }

    @Test
    void gzipIsServedToClientsThatAcceptIt() {
        HttpProbe http = startDefault();
        http.get("/a");
        HttpProbe.Response gz = http.get("/a", "Accept-Encoding: gzip, br");
        HttpProbe.Response plain = http.get("/a");
        assertThat(gz.header("content-encoding")).isEqualTo("gzip");
        assertThat(gz.headers("vary")).contains("Accept-Encoding");
        assertThat(gz.rawBody().length).isLessThan(plain.rawBody().length);
        assertThat(plain.header("content-encoding")).isNull();
        assertThat(plain.headers("vary")).contains("Accept-Encoding");
        assertThat(gz.text()).isEqualTo(plain.text());
        assertThat(gz.header("etag")).isNotEqualTo(plain.header("etag"));
        assertThat(page.renders()).isEqualTo(1);
    }

    @Test
    void gzipClientOnTheMissGetsGzipToo() {
        HttpProbe http = startDefault();
        HttpProbe.Response first = http.get("/a", "Accept-Encoding: gzip");
        assertThat(first.header("content-encoding")).isEqualTo("gzip");
        assertThat(first.text()).contains("page /a");
    }

    @Test
    void applicationNeverSeesAcceptEncodingOrConditionals() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**"));
        page.behave((req, res) -> write(res, "ae=" + req.getHeader("Accept-Encoding") + " inm="
                + req.getHeader("If-None-Match") + " m=" + req.getMethod()));
        assertThat(http.get("/a", "Accept-Encoding: gzip", "If-None-Match: \"x\"").text()).isEqualTo("ae=null inm=null m=GET");
    }

    @Test
    void corruptEntryIsAMissAndIsReplaced() {
        HttpProbe http = startDefault();
        http.get("/a");
        RedissonClient redis = TestRedis.inspector();
        String pageKey = redis.getKeys().getKeysStreamByPattern(prefix + ":p:*").findFirst().orElseThrow();
        redis.<byte[]>getBucket(pageKey, ByteArrayCodec.INSTANCE).set("garbage".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(1));
        HttpProbe.Response afterCorruption = http.get("/a");
        assertThat(afterCorruption.status()).isEqualTo(200);
        assertThat(afterCorruption.isHit()).isFalse();
        assertThat(afterCorruption.text()).contains("page /a");
        assertThat(cache.stats().corruptEntries()).isEqualTo(1);
        assertThat(http.get("/a").isHit()).isTrue();
    }

    @Test
    void truncatedEntryIsAMiss() {
        HttpProbe http = startDefault();
        http.get("/a");
        RedissonClient redis = TestRedis.inspector();
        String pageKey = redis.getKeys().getKeysStreamByPattern(prefix + ":p:*").findFirst().orElseThrow();
        byte[] stored = redis.<byte[]>getBucket(pageKey, ByteArrayCodec.INSTANCE).get();
        redis.<byte[]>getBucket(pageKey, ByteArrayCodec.INSTANCE).set(java.util.Arrays.copyOf(stored, stored.length / 2),
                Duration.ofMinutes(1));
        assertThat(http.get("/a").text()).contains("page /a");
        assertThat(cache.stats().corruptEntries()).isEqualTo(1);
    }

    @Test
    void queryIsNormalisedBeforeKeying() {
        HttpProbe http = startDefault();
        http.get("/s?b=2&a=1");
        assertThat(http.get("/s?a=1&b=2&utm_source=newsletter&fbclid=x").isHit()).isTrue();
        assertThat(http.get("/s?a=1&b=3").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void varyHeadersSeparateEntries() {
        HttpProbe http = start(CacheRule.builder("i18n").include("/**").varyHeaders("Accept-Language"));
        page.behave((req, res) -> write(res, "lang=" + req.getHeader("Accept-Language")));
        assertThat(http.get("/a", "Accept-Language: en").text()).isEqualTo("lang=en");
        assertThat(http.get("/a", "Accept-Language: de").text()).isEqualTo("lang=de");
        assertThat(http.get("/a", "Accept-Language: en").text()).isEqualTo("lang=en");
        assertThat(http.get("/a", "Accept-Language: de").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void pathsNoRuleCoversPassThroughUntouched() {
        HttpProbe http = start(CacheRule.builder("products").include("/products/*"));
        HttpProbe.Response other = http.get("/cart");
        assertThat(other.cacheStatus()).isNull();
        assertThat(other.header("etag")).isNull();
        http.get("/cart");
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void excludedPathsPassThrough() {
        HttpProbe http = start(CacheRule.builder("products").include("/products/**").exclude("/products/admin/**"));
        assertThat(http.get("/products/admin/x").cacheStatus()).isNull();
        assertThat(http.get("/products/x").cacheStatus()).contains("stored");
    }

    @Test
    void invalidatePathRemovesEveryVariant() {
        HttpProbe http = start(CacheRule.builder("i18n").include("/**").varyHeaders("Accept-Language"));
        http.get("/p/1?x=1", "Accept-Language: en");
        http.get("/p/1?x=1", "Accept-Language: de");
        http.get("/p/2");
        assertThat(cache.invalidatePath("/p/1?x=1")).isEqualTo(2);
        assertThat(http.get("/p/1?x=1", "Accept-Language: en").isHit()).isFalse();
        assertThat(http.get("/p/2").isHit()).isTrue();
    }

    @Test
    void invalidateTagRemovesTaggedPages() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**").tags("catalog"));
        page.behave((req, res, n) -> {
            OutputCache.tag(req, "product-" + req.getRequestURI().substring(3));
            PageServlet.standardPage(req, res, n);
        });
        http.get("/p/1");
        http.get("/p/2");
        assertThat(cache.invalidateTag("product-1")).isEqualTo(1);
        assertThat(http.get("/p/1").isHit()).isFalse();
        assertThat(http.get("/p/2").isHit()).isTrue();
        assertThat(cache.invalidateTag("catalog")).isEqualTo(2);
        assertThat(http.get("/p/2").isHit()).isFalse();
    }

    @Test
    void clearRemovesEverything() {
        HttpProbe http = startDefault();
        http.get("/a");
        http.get("/b");
        cache.clear();
        // left: only the epoch and the clear mark, which keep renders under way from storing
        assertThat(TestRedis.inspector().getKeys().getKeysStreamByPattern(prefix + ":*").toList())
                .containsExactlyInAnyOrder(prefix + ":e", prefix + ":c");
        assertThat(http.get("/a").isHit()).isFalse();
    }

    @Test
    void handleIsPublishedInTheServletContext() {
        startDefault();
        assertThat(OutputCache.from(site.servletContext())).isSameAs(cache);
        assertThat(site.servletContext().getAttribute(OutputCache.ATTRIBUTE + ".outputCache")).isSameAs(cache);
    }

    @Test
    void redisOutageCostsARenderNotARequest() {
        try (io.outputcache.testing.RedisProcess redis = io.outputcache.testing.RedisProcess.start()) {
            OutputCacheConfig config = OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix)
                    .rule(CacheRule.builder("pages").include("/**").build()).build();
            HttpProbe http = site.start(TestServer.builder().servlet("/*", page), config);
            http.get("/a");
            assertThat(http.get("/a").isHit()).isTrue();
            redis.kill();
            HttpProbe.Response last = null;
            for (int i = 0; i < 10; i++) {
                last = http.get("/a");
                assertThat(last.status()).isEqualTo(200);
                assertThat(last.text()).contains("page /a");
            }
            assertThat(site.cache().stats().storeErrors()).isPositive();
            assertThat(site.cache().stats().breakerState()).isEqualTo("open");
            // the open breaker kept the write from being sent: the response must not claim it was stored
            assertThat(last.cacheStatus()).contains("fwd=").doesNotContain("stored");
        }
    }

    @Test
    void memoryStoreCachesWithoutRedis() {
        OutputCacheConfig config = OutputCacheConfig.builder().storeType(OutputCacheConfig.StoreType.MEMORY)
                .redisUrl("redis://127.0.0.1:1") // ignored: nothing listens there, nothing connects
                .rule(CacheRule.builder("pages").include("/**").build()).build();
        HttpProbe http = site.start(TestServer.builder().servlet("/*", page), config);
        http.get("/a");
        assertThat(http.get("/a").isHit()).isTrue();
        assertThat(site.cache().stats().storeErrors()).isZero();
    }
}
