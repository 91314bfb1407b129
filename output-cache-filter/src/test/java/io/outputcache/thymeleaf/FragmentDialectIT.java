package io.outputcache.thymeleaf;

import io.outputcache.CacheRule;
import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.OutputCacheStats;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.MutableClock;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code oc:cache} dialect on a real Jetty with a real Redis and real Thymeleaf rendering. Pages under
 * {@code /p/} are page-cached; pages under {@code /live/} are not (only their fragments are).
 */
class FragmentDialectIT {
    private final TemplateServlet servlet = new TemplateServlet();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestServer server;
    private OutputCacheFilter filter;
    private RedisProcess ownRedis;

    private HttpProbe start(String redisUrl, Duration storeTimeout) {
        OutputCacheConfig config = OutputCacheConfig.builder()
                .redisUrl(redisUrl)
                .keyPrefix(TestRedis.newPrefix())
                .clock(clock)
                .storeTimeout(storeTimeout)
                .rule(CacheRule.builder("pages").include("/p/**").ttl(Duration.ofMinutes(5)).build())
                .build();
        filter = new OutputCacheFilter(config);
        server = TestServer.builder().servlet("/*", servlet).filter(filter).start();
        return server.client();
    }

    private HttpProbe start() {
        return start(TestRedis.url(), Duration.ofSeconds(1)); // generous: a cold first connection may be slow
    }

    private OutputCache cache() {
        return filter.outputCache();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (ownRedis != null) {
            ownRedis.close();
        }
    }

    @Test
    void firstRenderStoresTheFragmentAndTheSecondServesItWithoutEvaluatingAnythingInside() {
        HttpProbe http = start();
        HttpProbe.Response first = http.get("/live/page");
        HttpProbe.Response second = http.get("/live/page");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).contains("header-rendered").contains("menu-rendered").contains("banner-rendered")
                .contains("footer-rendered").doesNotContain("oc:");
        assertThat(second.text()).isEqualTo(first.text());
        // the page itself rendered twice (no page rule), every cached fragment's expressions only once
        assertThat(servlet.probe().count("main")).isEqualTo(2);
        assertThat(servlet.probe().count("header")).isEqualTo(1);
        assertThat(servlet.probe().count("menu")).isEqualTo(1);
        assertThat(servlet.probe().count("banner")).isEqualTo(1);
        assertThat(servlet.probe().count("footer")).isEqualTo(1);
        OutputCacheStats stats = cache().stats();
        assertThat(stats.fragmentRenders()).isEqualTo(4); // header (with menu inside), menu, banner, footer
        assertThat(stats.fragmentStores()).isEqualTo(4);
        assertThat(stats.fragmentHits()).isEqualTo(3); // second page: header, banner, footer (menu is inside header)
    }

    @Test
    void cachedElementKeepsItsMarkupWithoutTheDialectAttributes() {
        HttpProbe http = start();
        String html = http.get("/live/page").text();
        assertThat(html).contains("<header>").contains("<nav><a>menu-rendered</a></nav>")
                .contains("<div class=\"banner\"><b>banner-rendered</b></div>")
                .contains("<div class=\"footer\"><footer><i>footer-rendered</i></footer></div>");
    }

    @Test
    void varyValuesKeepVariantsApart() {
        HttpProbe http = start();
        String en = http.get("/live/page?lang=en").text();
        String fr = http.get("/live/page?lang=fr").text();
        String enAgain = http.get("/live/page?lang=en").text();

        assertThat(en).contains("<span class=\"lang\">en</span>");
        assertThat(fr).contains("<span class=\"lang\">fr</span>");
        assertThat(enAgain).isEqualTo(en);
        assertThat(servlet.probe().count("header")).isEqualTo(2); // one render per locale
        assertThat(servlet.probe().count("banner")).isEqualTo(1); // no vary: shared by both
    }

    @Test
    void fragmentIsRenderedAgainOnceItsTtlHasPassed() {
        HttpProbe http = start();
        http.get("/live/page");
        clock.advance(Duration.ofMinutes(9));
        http.get("/live/page");
        assertThat(servlet.probe().count("header")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // header, banner, footer: 10m; menu: 1h
        http.get("/live/page");
        assertThat(servlet.probe().count("header")).isEqualTo(2);
        assertThat(servlet.probe().count("footer")).isEqualTo(2);
        // the header's new render found its nested menu still fresh
        assertThat(servlet.probe().count("menu")).isEqualTo(1);
    }

    @Test
    void nestedFragmentSurvivesTheInvalidationOfItsParent() {
        HttpProbe http = start();
        http.get("/live/page");
        long removed = cache().invalidateTag("nav"); // header and footer carry "nav"; the menu does not
        assertThat(removed).isEqualTo(2);

        String html = http.get("/live/page").text();
        assertThat(html).contains("menu-rendered");
        assertThat(servlet.probe().count("header")).isEqualTo(2);
        assertThat(servlet.probe().count("footer")).isEqualTo(2);
        assertThat(servlet.probe().count("menu")).isEqualTo(1);
        assertThat(servlet.probe().count("banner")).isEqualTo(1);
    }

    @Test
    void fragmentInsideACachedPageIsReusedWhenThePageIsRenderedAgain() {
        HttpProbe http = start();
        // the page has holes: it is stored only when they can be filled later
        cache().fragments().registerHole("cartCount", (req, res) -> "<span>0</span>");
        cache().fragments().registerHole("csrf", (req, res) -> "<input type=\"hidden\" name=\"token\" value=\"t\">");
        HttpProbe.Response miss = http.get("/p/page");
        HttpProbe.Response hit = http.get("/p/page");
        assertThat(hit.isHit()).isTrue();
        assertThat(servlet.pageRenders()).isEqualTo(1);

        cache().invalidatePath("/p/page");
        HttpProbe.Response again = http.get("/p/page");

        assertThat(again.isHit()).isFalse();
        assertThat(servlet.pageRenders()).isEqualTo(2);
        assertThat(servlet.probe().count("main")).isEqualTo(2);
        assertThat(servlet.probe().count("header")).isEqualTo(1); // the page re-render hit the fragment
        assertThat(again.text()).contains("header-rendered");
        assertThat(miss.text()).contains("header-rendered");
    }

    @Test
    void aFrozenStoreCostsOneStoreTimeoutPerPageNotOnePerFragment() {
        ownRedis = RedisProcess.start();
        HttpProbe http = start(ownRedis.url(), Duration.ofMillis(1500));
        http.get("/live/page"); // connects, stores the fragments
        ownRedis.freeze();
        try {
            long start = System.nanoTime();
            HttpProbe.Response page = http.get("/live/page");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("header-rendered").contains("banner-rendered").contains("footer-rendered");
            // three cached fragments on the page: one shared 1.5 s budget, not 3 x 1.5 s
            assertThat(millis).isLessThan(3000);
        } finally {
            ownRedis.thaw();
        }
    }

    @Test
    void fragmentIsRenderedNormallyWhileTheStoreIsDown() {
        ownRedis = RedisProcess.start();
        HttpProbe http = start(ownRedis.url(), Duration.ofMillis(200));
        http.get("/live/page");
        ownRedis.kill();

        HttpProbe.Response down1 = http.get("/live/page");
        HttpProbe.Response down2 = http.get("/live/page");

        assertThat(down1.status()).isEqualTo(200);
        assertThat(down2.status()).isEqualTo(200);
        assertThat(down2.text()).contains("header-rendered").contains("banner-rendered").contains("footer-rendered");
        assertThat(servlet.probe().count("header")).isEqualTo(3);
        assertThat(cache().stats().storeErrors()).isPositive();
    }
}
