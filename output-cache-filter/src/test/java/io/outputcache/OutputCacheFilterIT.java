package io.outputcache;

import io.outputcache.testing.CachingServer;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-page cache on a real Jetty with a real servlet behind it, against a real Redis. What depends on the
 * container (HEAD, sendError, sessions, async cycles, flushBuffer, decoded paths) is in {@link ContainerMatrixIT},
 * which runs on Tomcat as well.
 */
class OutputCacheFilterIT {
    private final PageServlet page = new PageServlet();
    @RegisterExtension
    final CachingServer site = new CachingServer();
    private final String prefix = site.prefix();
    private OutputCache cache;

    private HttpProbe start(CacheRule.Builder rule) {
        return start(rule, UnaryOperator.identity());
    }

    private HttpProbe start(CacheRule.Builder rule, UnaryOperator<OutputCacheConfig.Builder> extra) {
        HttpProbe http = site.start(TestServer.builder().servlet("/*", page), c -> extra.apply(c.rule(rule.build())));
        cache = site.cache();
        return http;
    }

    private HttpProbe startDefault() {
        return start(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)));
    }

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
    void setCookieResponseIsNeverStored() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> {
            res.addHeader("Set-Cookie", "session=abc; HttpOnly");
            write(res, "hello");
        });
        HttpProbe.Response first = http.get("/a");
        assertThat(first.cacheStatus()).contains("detail=set-cookie").doesNotContain("stored");
        assertThat(first.header("set-cookie")).isEqualTo("session=abc; HttpOnly");
        assertThat(http.get("/a").isHit()).isFalse();
        assertThat(page.renders()).isEqualTo(2);
        assertThat(cache.stats().refusals()).containsEntry("set-cookie", 2L);
    }

    @Test
    void privateNoStoreAndNoCacheResponsesAreNeverStored() {
        HttpProbe http = startDefault();
        for (String cc : new String[] {"private", "no-store", "no-cache"}) {
            page.behave((req, res) -> {
                res.setHeader("Cache-Control", cc);
                write(res, "x");
            });
            http.get("/" + cc);
            HttpProbe.Response again = http.get("/" + cc);
            assertThat(again.isHit()).as(cc).isFalse();
            assertThat(again.cacheStatus()).contains("detail=" + cc);
        }
    }

    @Test
    void varyStarIsNeverStored() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> {
            res.setHeader("Vary", "*");
            write(res, "x");
        });
        assertThat(http.get("/a").cacheStatus()).contains("detail=vary-star");
        assertThat(http.get("/a").isHit()).isFalse();
    }

    @Test
    void requestWithAuthorizationBypassesUnlessTheRuleAllowsIt() {
        HttpProbe http = startDefault();
        http.get("/a");
        HttpProbe.Response authorised = http.get("/a", "Authorization: Bearer secret");
        assertThat(authorised.cacheStatus()).isEqualTo("outputcache; fwd=bypass; detail=authorization");
        assertThat(page.renders()).isEqualTo(2);
    }

    @Test
    void authorizationAllowedByRuleIsStored() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**").allowAuthorized(true));
        http.get("/a", "Authorization: Bearer secret");
        assertThat(http.get("/a", "Authorization: Bearer other").isHit()).isTrue();
    }

    @Test
    void errorStatusesAreNotStoredUnlessConfigured() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> {
            res.setStatus(404);
            write(res, "not here");
        });
        assertThat(http.get("/missing").cacheStatus()).contains("detail=status-404");
        assertThat(http.get("/missing").isHit()).isFalse();
        page.behave((req, res) -> {
            res.setStatus(500);
            write(res, "boom");
        });
        assertThat(http.get("/error").status()).isEqualTo(500);
        assertThat(http.get("/error").isHit()).isFalse();
    }

    @Test
    void notFoundIsStoredWhenTheRuleListsIt() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**").cacheableStatuses(200, 404));
        page.behave((req, res) -> {
            res.setStatus(404);
            write(res, "not here");
        });
        http.get("/missing");
        HttpProbe.Response hit = http.get("/missing");
        assertThat(hit.status()).isEqualTo(404);
        assertThat(hit.isHit()).isTrue();
        assertThat(hit.text()).isEqualTo("not here");
    }

    @Test
    void oversizeBodyStreamsThroughAndIsNotStored() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**"), b -> b.maxBodySize(64 * 1024));
        byte[] big = "0123456789abcdef".repeat(10 * 1024).getBytes(StandardCharsets.US_ASCII); // 160 KiB
        page.behave((req, res, n) -> {
            res.setContentType("application/octet-stream");
            OutputStream out = res.getOutputStream();
            for (int i = 0; i < big.length; i += 1000) {
                out.write(big, i, Math.min(1000, big.length - i));
            }
        });
        HttpProbe.Response first = http.get("/big");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.rawBody()).isEqualTo(big);
        assertThat(first.cacheStatus()).contains("detail=too-large");
        assertThat(http.get("/big").rawBody()).isEqualTo(big);
        assertThat(page.renders()).isEqualTo(2);
        assertThat(cache.stats().refusals()).containsEntry("too-large", 2L);
    }

    @Test
    void declaredContentLengthOverTheLimitStreamsAtOnce() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**"), b -> b.maxBodySize(1024));
        byte[] body = new byte[4096];
        page.behave((req, res, n) -> {
            res.setContentType("application/octet-stream");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        });
        HttpProbe.Response r = http.get("/big");
        assertThat(r.rawBody()).hasSize(4096);
        assertThat(r.header("content-length")).isEqualTo("4096");
    }

    @Test
    void unknownHostBypasses() {
        HttpProbe http = start(CacheRule.builder("pages").include("/**"), b -> b.allowedHosts("shop.example"));
        http.get("/a", "Host: shop.example");
        assertThat(http.get("/a", "Host: shop.example").isHit()).isTrue();
        HttpProbe.Response evil = http.get("/a", "Host: evil.example");
        assertThat(evil.cacheStatus()).isEqualTo("outputcache; fwd=bypass; detail=unknown-host");
        assertThat(evil.text()).contains("page /a");
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
    void responseVaryingOnAnUnkeyedHeaderIsNotStored() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> {
            res.setHeader("Vary", "Accept-Language");
            write(res, "lang=" + req.getHeader("Accept-Language"));
        });
        assertThat(http.get("/a", "Accept-Language: en").cacheStatus()).contains("detail=vary-not-keyed-accept-language");
        assertThat(http.get("/a", "Accept-Language: de").text()).isEqualTo("lang=de");
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
    void postPassesThroughWithBypassStatus() {
        HttpProbe http = startDefault();
        HttpProbe.Response post = http.request("POST", "/a", "x=1".getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/x-www-form-urlencoded");
        assertThat(post.status()).isEqualTo(204);
        assertThat(post.cacheStatus()).isEqualTo("outputcache; fwd=bypass; detail=method");
    }

    @Test
    void getWithABodyBypasses() {
        HttpProbe http = startDefault();
        http.get("/a");
        HttpProbe.Response withBody = http.request("GET", "/a", "poison".getBytes(StandardCharsets.UTF_8));
        assertThat(withBody.cacheStatus()).isEqualTo("outputcache; fwd=bypass; detail=request-body");
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
    void requestOptOutKeepsTheResponseOutOfTheCache() {
        HttpProbe http = startDefault();
        page.behave((req, res, n) -> {
            OutputCache.disableFor(req);
            PageServlet.standardPage(req, res, n);
        });
        assertThat(http.get("/a").cacheStatus()).contains("detail=opted-out");
        assertThat(http.get("/a").isHit()).isFalse();
    }

    @Test
    void handleIsPublishedInTheServletContext() {
        startDefault();
        assertThat(OutputCache.from(site.servletContext())).isSameAs(cache);
        assertThat(site.servletContext().getAttribute(OutputCache.ATTRIBUTE + ".outputCache")).isSameAs(cache);
    }

    @Test
    void storedPageNeverCarriesHopByHopOrCookieHeaders() {
        HttpProbe http = startDefault();
        page.behave((req, res) -> {
            res.setHeader("Connection", "X-Secret-Hop");
            res.setHeader("X-Secret-Hop", "1");
            res.setHeader("X-Kept", "2");
            write(res, "x");
        });
        http.get("/a");
        HttpProbe.Response hit = http.get("/a");
        assertThat(hit.isHit()).isTrue();
        assertThat(hit.header("x-kept")).isEqualTo("2");
        assertThat(hit.header("x-secret-hop")).isNull();
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

    static void write(jakarta.servlet.http.HttpServletResponse res, String body) {
        res.setContentType("text/plain;charset=UTF-8");
        try {
            res.getWriter().print(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
