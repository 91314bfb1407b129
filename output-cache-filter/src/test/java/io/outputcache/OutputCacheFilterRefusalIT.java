package io.outputcache;

import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the whole-page cache refuses to store or lets bypass, on a real Jetty against a real Redis: cookies,
 * {@code Cache-Control} and {@code Vary} refusals, {@code Authorization}, error statuses, bodies over the limit,
 * unknown hosts, unsafe methods and bodies, the application's opt-out and the headers a stored page never keeps.
 * Hits, keying and invalidation are in {@link OutputCacheFilterIT}.
 */
class OutputCacheFilterRefusalIT extends OutputCacheFilterCase {
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
}
