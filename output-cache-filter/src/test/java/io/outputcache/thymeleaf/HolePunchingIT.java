package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.ByteArrayCodec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code oc:hole}: one cached page, per-user parts filled on every response. Real Jetty, real Redis, real
 * Thymeleaf; the stored entry is read back raw from Redis.
 */
class HolePunchingIT {
    private final TemplateServlet servlet = new TemplateServlet();
    private final String prefix = TestRedis.newPrefix();
    private TestServer server;
    private OutputCacheFilter filter;

    /** Per-user data the hole renderers read: what a session or a cart store would give. */
    private static final Map<String, Integer> CARTS = Map.of("alice", 3, "bob", 7);

    private HttpProbe start() {
        return start(1024 * 1024);
    }

    private HttpProbe start(long maxBodySize) {
        OutputCacheConfig config = OutputCacheConfig.builder()
                .maxBodySize(maxBodySize)
                .redisUrl(TestRedis.url())
                .keyPrefix(prefix)
                .storeTimeout(Duration.ofSeconds(2)) // not under test here; a cold first connection may be slow
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(5)).build())
                .build();
        filter = new OutputCacheFilter(config);
        server = TestServer.builder().servlet("/*", servlet).filter(filter).start();
        cache().fragments().registerHole("cartCount", (req, res) ->
                "<span class=\"cart\">cart-of-" + TemplateServlet.user(req) + ":" + cart(req) + "</span>");
        cache().fragments().registerHole("csrf", (req, res) ->
                "<input type=\"hidden\" name=\"token\" value=\"token-of-" + TemplateServlet.user(req) + "\">");
        return server.client();
    }

    private static int cart(HttpServletRequest req) {
        return CARTS.getOrDefault(TemplateServlet.user(req), 0);
    }

    private OutputCache cache() {
        return filter.outputCache();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String as(String user) {
        return "Cookie: user=" + user;
    }

    /** Every value stored under the test's prefix for pages ({@code p:}) and fragments ({@code f:}). */
    /** The pages {@link #rawEntries} read, decoded. */
    private final List<CachedPage> storedPages = new ArrayList<>();

    private List<String> rawEntries(String kind) {
        List<String> values = new ArrayList<>();
        for (String key : TestRedis.inspector().getKeys().getKeysByPattern(prefix + ":" + kind + ":*")) {
            byte[] raw = TestRedis.inspector().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
            values.add(new String(raw, StandardCharsets.ISO_8859_1));
            if (kind.equals("p")) {
                storedPages.add(EntryCodec.decode(raw).orElseThrow());
            }
        }
        return values;
    }

    @Test
    void twoUsersShareOneCachedPageAndEachSeesOwnCartAndToken() {
        HttpProbe http = start();
        HttpProbe.Response alice = http.get("/p/withholes", as("alice"));
        HttpProbe.Response bob = http.get("/p/withholes", as("bob"));
        HttpProbe.Response aliceAgain = http.get("/p/withholes", as("alice"));

        assertThat(servlet.pageRenders()).isEqualTo(1);
        assertThat(bob.isHit()).isTrue();
        assertThat(alice.text()).contains("cart-of-alice:3").contains("value=\"token-of-alice\"")
                .doesNotContain("bob").doesNotContain("oc:hole").doesNotContain("inline-");
        assertThat(bob.text()).contains("cart-of-bob:7").contains("value=\"token-of-bob\"")
                .doesNotContain("alice").doesNotContain("oc:hole").doesNotContain("inline-");
        assertThat(aliceAgain.text()).isEqualTo(alice.text());
        // the hole inside the cached header fragment is filled too (twice per page: header and body)
        assertThat(bob.text().split("cart-of-bob:7", -1)).hasSize(3);
    }

    @Test
    void storedPageAndFragmentHoldNeitherUsersData() throws IOException {
        HttpProbe http = start();
        http.get("/p/withholes", as("alice"));
        http.get("/p/withholes", as("bob"));

        List<String> pages = rawEntries("p");
        List<String> fragments = rawEntries("f");
        assertThat(pages).hasSize(1);
        assertThat(fragments).hasSize(1);
        for (String raw : fragments) { // a fragment is stored as text; the page is checked decoded below
            assertThat(raw).contains("<!--oc:hole:cartCount-->")
                    .doesNotContain("alice").doesNotContain("bob").doesNotContain("cart-of").doesNotContain("token-of")
                    .doesNotContain("inline-");
        }
        // stored gzip-compressed like a page without holes, its markers (and no user's fills) inside
        assertThat(storedPages).hasSize(1);
        CachedPage stored = storedPages.get(0);
        assertThat(stored.gzip()).isTrue();
        assertThat(stored.body().length).isLessThan(stored.identityLength() / 2);
        assertThat(pages.get(0)).doesNotContain("Lorem ipsum");
        String identity = new String(stored.identityBody(), StandardCharsets.UTF_8);
        assertThat(identity).contains("<!--oc:hole:csrf-->").contains("<!--oc:hole:cartCount-->")
                .contains("Lorem ipsum").doesNotContain("alice").doesNotContain("bob").doesNotContain("cart-of")
                .doesNotContain("token-of");
    }

    @Test
    void gzipClientsGetTheFilledPageCompressed() throws IOException {
        HttpProbe http = start();
        http.get("/p/withholes", as("alice"));
        HttpProbe.Response gz = http.get("/p/withholes", as("bob"), "Accept-Encoding: gzip");

        assertThat(gz.isHit()).isTrue();
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.header("Vary")).containsIgnoringCase("accept-encoding");
        String text = gunzip(gz.rawBody());
        assertThat(text).contains("cart-of-bob:7").contains("token-of-bob").doesNotContain("alice");
        assertThat(gz.rawBody().length).isLessThan(text.length() / 2);
        assertThat(Integer.parseInt(gz.header("Content-Length"))).isEqualTo(gz.rawBody().length);
        // the same filled page, another encoding: the same validator with the gzip suffix (RFC 9110 §8.8.3)
        String identityTag = http.get("/p/withholes", as("bob")).header("ETag");
        assertThat(gz.header("ETag")).isEqualTo(identityTag.substring(0, identityTag.length() - 1) + "-gz\"");
        HttpProbe.Response again = http.get("/p/withholes", as("bob"), "Accept-Encoding: gzip",
                "If-None-Match: " + gz.header("ETag"));
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void gzipHitsWithTheSameFillsGetTheSameBytesAndOthersTheirOwn() throws IOException {
        HttpProbe http = start();
        http.get("/p/withholes", as("alice"));
        HttpProbe.Response bob = http.get("/p/withholes", as("bob"), "Accept-Encoding: gzip");
        HttpProbe.Response bobAgain = http.get("/p/withholes", as("bob"), "Accept-Encoding: gzip");
        HttpProbe.Response alice = http.get("/p/withholes", as("alice"), "Accept-Encoding: gzip");
        HttpProbe.Response bobOnceMore = http.get("/p/withholes", as("bob"), "Accept-Encoding: gzip");

        // the second of equal fills reuses the first's body; another user's fills are spliced again
        assertThat(bobAgain.rawBody()).isEqualTo(bob.rawBody());
        assertThat(bobAgain.header("ETag")).isEqualTo(bob.header("ETag"));
        assertThat(gunzip(alice.rawBody())).contains("cart-of-alice:3").doesNotContain("bob");
        assertThat(alice.header("ETag")).isNotEqualTo(bob.header("ETag"));
        assertThat(gunzip(bobOnceMore.rawBody())).contains("cart-of-bob:7").doesNotContain("alice");
        assertThat(bobOnceMore.header("ETag")).isEqualTo(bob.header("ETag"));
        assertThat(servlet.pageRenders()).isEqualTo(1);
    }

    @Test
    void clientsWithoutGzipGetTheFilledPageUncompressedWithVary() {
        HttpProbe http = start();
        http.get("/p/withholes", as("alice"), "Accept-Encoding: gzip");
        HttpProbe.Response plain = http.get("/p/withholes", as("bob"));

        assertThat(plain.isHit()).isTrue();
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.text()).contains("cart-of-bob:7");
        assertThat(plain.headers("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(Integer.parseInt(plain.header("Content-Length"))).isEqualTo(plain.rawBody().length);
    }

    @Test
    void etagDiffersPerUserAndA304NeedsTheSameFilledPage() {
        HttpProbe http = start();
        HttpProbe.Response alice = http.get("/p/withholes", as("alice"));
        HttpProbe.Response bob = http.get("/p/withholes", as("bob"));
        String aliceTag = alice.header("ETag");

        assertThat(aliceTag).isNotBlank();
        assertThat(bob.header("ETag")).isNotEqualTo(aliceTag);
        assertThat(http.get("/p/withholes", as("bob"), "If-None-Match: " + aliceTag).status()).isEqualTo(200);
        HttpProbe.Response revalidated = http.get("/p/withholes", as("alice"), "If-None-Match: " + aliceTag);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.rawBody()).isEmpty();
        // a filled page is one user's page: no shared cache may keep it, and no date validates it
        assertThat(alice.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(alice.header("Last-Modified")).isNull();
    }

    @Test
    void pageWithoutPageCachingRendersItsHolesInPlace() {
        HttpProbe http = start();
        String html = http.get("/live/withholes", as("alice")).text();
        // the page's own holes render from the template; the one inside the cached fragment is filled by its renderer
        assertThat(html).contains("inline-cart-alice").contains("inline-token-alice").contains("cart-of-alice:3")
                .doesNotContain("oc:hole");
        String bobs = http.get("/live/withholes", as("bob")).text();
        assertThat(bobs).contains("cart-of-bob:7").doesNotContain("alice");
        assertThat(servlet.probe().count("holey-header")).isEqualTo(1);
    }

    @Test
    void holeWithoutARegisteredRendererKeepsThePageOutOfTheCache() {
        HttpProbe http = start();
        HttpProbe.Response alice = http.get("/p/unregistered", as("alice"));
        HttpProbe.Response bob = http.get("/p/unregistered", as("bob"));

        assertThat(alice.text()).contains("inline-alice");
        assertThat(bob.text()).contains("inline-bob").doesNotContain("alice");
        assertThat(bob.isHit()).isFalse();
        assertThat(servlet.pageRenders()).isEqualTo(2);
        assertThat(rawEntries("p")).isEmpty();
    }

    @Test
    void holeRenderedFromAFragmentTemplate() {
        HttpProbe http = start();
        cache().fragments().registerHole("cartCount", new TemplateHoleRenderer(servlet.engine(),
                servlet.application(), "parts", "cartCount", req -> Map.of("count", cart(req))));
        String alice = http.get("/p/withholes", as("alice")).text();
        String bob = http.get("/p/withholes", as("bob")).text();
        assertThat(alice).contains("<span class=\"cart\">3</span>");
        assertThat(bob).contains("<span class=\"cart\">7</span>");
        assertThat(servlet.pageRenders()).isEqualTo(1);
    }

    @Test
    void pageTooLargeToStoreIsStillSentFilled() {
        HttpProbe http = start(1024); // the page is about 4 KB: it streams through instead of being held
        HttpProbe.Response alice = http.get("/p/withholes", as("alice"));
        HttpProbe.Response bob = http.get("/p/withholes", as("bob"));

        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.text()).contains("cart-of-alice:3").contains("token-of-alice").contains("</html>")
                .doesNotContain("oc:hole").doesNotContain("bob");
        assertThat(bob.text()).contains("cart-of-bob:7").contains("token-of-bob").doesNotContain("oc:hole");
        assertThat(alice.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(servlet.pageRenders()).isEqualTo(2);
        assertThat(rawEntries("p")).isEmpty();
    }


    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
