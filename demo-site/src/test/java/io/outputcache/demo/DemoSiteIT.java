package io.outputcache.demo;

import io.outputcache.testing.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The running shop over real HTTP, with the output cache on a real Redis. */
class DemoSiteIT {
    private static Shop shop;

    @BeforeAll
    static void start() {
        shop = Shop.start();
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void everyPageRenders() {
        Map<String, String> pages = Map.of(
                "/", "Best rated in each department",
                "/category/kitchen", "Kitchen",
                "/category/books?page=2&sort=price-asc", "showing 25–48 of 100",
                "/product/17", "Product no. 17",
                "/search?q=oak", "products match",
                "/cart", "Your cart is empty",
                "/stats", "What the cache saves",
                "/admin", "Change a price",
                "/static/shop.css", ".site-header");
        pages.forEach((path, text) -> {
            HttpProbe.Response r = shop.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.text()).as(path).contains(text);
        });
        assertThat(shop.get("/_stats").header("content-type")).startsWith("application/json");
        assertThat(shop.get("/category/nope").status()).isEqualTo(404);
        assertThat(shop.get("/product/99999").status()).isEqualTo(404);
    }

    @Test
    void everyShopPageUsesTheLayoutWithItsThreeFragments() {
        String html = shop.get("/product/3").text();
        assertThat(html).contains("class=\"promo-banner\"", "class=\"site-header\"", "class=\"site-footer\"",
                "<span class=\"cart-count\">0</span>");
    }

    @Test
    void statsHaveEveryCounterTheIssueNames() {
        String json = shop.get("/_stats").text();
        for (String field : List.of("pageRenders", "fragmentRenders", "pageHits", "pageMisses", "pageStores",
                "fragmentHits", "fragmentMisses", "dataHits", "dataMisses", "dbQueries", "storeErrors", "nearHits",
                "nearFlushes", "sharedReads")) {
            assertThat(Shop.number(json, field)).as(field).isGreaterThanOrEqualTo(0);
        }
        assertThat(json).contains("\"cache\":\"on\"");
    }

    @Test
    void secondRequestOfAPageIsAHitAndRendersNothing() {
        HttpProbe.Response first = shop.get("/product/101");
        long renders = shop.stat("pageRenders");
        long fragments = shop.stat("fragmentRenders");
        long hits = shop.stat("pageHits");
        HttpProbe.Response second = shop.get("/product/101");

        assertThat(first.cacheStatus()).contains("stored");
        assertThat(second.isHit()).as(second.cacheStatus()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(shop.stat("pageRenders")).isEqualTo(renders);
        assertThat(shop.stat("fragmentRenders")).isEqualTo(fragments);
        assertThat(shop.stat("pageHits")).isEqualTo(hits + 1);
    }

    @Test
    void aPageRenderTakesHeaderFooterAndBannerFromTheFragmentCache() {
        shop.get("/product/102"); // header, footer and banner are cached by now (if no other test did it first)
        long renders = shop.stat("pageRenders");
        long fragments = shop.stat("fragmentRenders");
        long fragmentHits = shop.stat("fragmentHits");
        shop.get("/product/103");
        assertThat(shop.stat("pageRenders")).isEqualTo(renders + 1);
        assertThat(shop.stat("fragmentRenders")).isEqualTo(fragments);
        assertThat(shop.stat("fragmentHits")).isEqualTo(fragmentHits + 3);
    }

    @Test
    void withPageCachingOffFiftyProductPagesRenderNoHeaderFooterOrBanner() {
        try (Shop uncached = Shop.start(b -> b.cacheOn = false)) {
            uncached.get("/product/1"); // warm-up: renders and stores the three fragments
            long pages = uncached.stat("pageRenders");
            long fragments = uncached.stat("fragmentRenders");
            long hits = uncached.stat("fragmentHits");
            for (int id = 2; id <= 51; id++) {
                HttpProbe.Response page = uncached.get("/product/" + id);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.text()).contains("class=\"site-header\"", "class=\"site-footer\"",
                        "class=\"promo-banner\"", "Product no. " + id);
            }
            assertThat(uncached.stat("pageRenders")).isEqualTo(pages + 50);
            assertThat(uncached.stat("fragmentRenders")).as("header, footer and banner renders").isEqualTo(fragments);
            assertThat(uncached.stat("fragmentHits")).isEqualTo(hits + 150);
            assertThat(uncached.stat("pageHits")).isZero();
        }
    }

    @Test
    void holderOfACartSharesTheCachedPageAndSeesOwnCount() {
        shop.get("/product/301");
        String carol = Shop.cartId(shop.post("/cart/add", Map.of("productId", "301", "quantity", "2")));
        HttpProbe.Response page = shop.get("/product/301", "Cookie: cart=" + carol);
        assertThat(page.isHit()).as(page.cacheStatus()).isTrue();
        assertThat(Shop.cartCount(page.text())).isEqualTo("2");
        assertThat(Shop.token(page.text())).isNotEmpty();
        assertThat(page.header("Cache-Control")).isEqualTo("private, no-cache");
    }

    @Test
    void priceChangeIsVisibleAtOnceOnTheProductAndItsListing() {
        String before = shop.get("/product/42").text();
        shop.warm("/product/42");
        String listing = "/category/" + categoryOf(before) + "?sort=price-asc";
        shop.warm(listing);
        long queries = shop.stat("dbQueries");

        HttpProbe.Response change = shop.post("/admin/price", Map.of("id", "42", "price", "0.42"),
                "X-Admin-Token: " + Shop.ADMIN_TOKEN);

        assertThat(change.status()).as(change.text()).isEqualTo(200);
        HttpProbe.Response after = shop.get("/product/42");
        assertThat(after.isHit()).isFalse();
        assertThat(after.text()).contains("id=\"price\">0.42<");
        assertThat(shop.stat("dbQueries")).as("the data cache entry was dropped too").isGreaterThan(queries);
        HttpProbe.Response list = shop.get(listing);
        assertThat(list.isHit()).isFalse();
        assertThat(list.text()).as("cheapest first now").contains("/product/42");
    }

    @Test
    void twoUsersWithTheirOwnCartsNeverSeeEachOthersCart() {
        // Warm the shared cache first, so that both users meet cached pages.
        shop.warm("/product/201");
        shop.warm("/product/202");

        String alice = Shop.cartId(shop.post("/cart/add", Map.of("productId", "201", "quantity", "1")));
        String bob = Shop.cartId(shop.post("/cart/add", Map.of("productId", "202", "quantity", "3")));
        assertThat(alice).isNotEqualTo(bob);

        for (String path : List.of("/product/201", "/product/202", "/", "/category/coffee")) {
            String aliceSees = shop.get(path, "Cookie: cart=" + alice).text();
            String bobSees = shop.get(path, "Cookie: cart=" + bob).text();
            String anonymousSees = shop.get(path).text();
            assertThat(Shop.cartCount(aliceSees)).as(path).isEqualTo("1");
            assertThat(Shop.cartCount(bobSees)).as(path).isEqualTo("3");
            assertThat(Shop.cartCount(anonymousSees)).as(path).isEqualTo("0");
            assertThat(Shop.token(aliceSees)).isNotEqualTo(Shop.token(bobSees));
            assertThat(Shop.token(anonymousSees)).isEmpty();
        }
        String aliceCart = shop.get("/cart", "Cookie: cart=" + alice).text();
        assertThat(aliceCart).contains("/product/201").doesNotContain("/product/202\"");
        String bobCart = shop.get("/cart", "Cookie: cart=" + bob).text();
        assertThat(bobCart).contains("/product/202").doesNotContain("/product/201\"");
    }

    @Test
    void theCartCookieCarriesNothingButAnOpaqueId() {
        HttpProbe.Response added = shop.post("/cart/add", Map.of("productId", "5", "quantity", "2"));
        assertThat(added.status()).isEqualTo(303);
        List<String> cookies = added.headers("set-cookie");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.get(0);
        assertThat(cookie).matches("cart=[A-Za-z0-9_-]{22}; Path=/; Expires=[^;]+; Max-Age=604800; HttpOnly; SameSite=Lax");
        assertThat(cookie).doesNotContain("Secure"); // plain HTTP here; over TLS the cookie is Secure
        String id = Shop.cartId(added);
        // The contents live in Redis under the id; the cookie is only the key to them.
        Map<String, String> stored = io.outputcache.testing.TestRedis.inspector()
                .<String, String>getMap(shop.keyPrefix + ":cart:" + id, org.redisson.client.codec.StringCodec.INSTANCE)
                .readAllMap();
        assertThat(stored).containsExactly(Map.entry("5", "2"));
        assertThat(Shop.cartId(shop.post("/cart/add", Map.of("productId", "5")))).isNotEqualTo(id);
    }

    @Test
    void cartPagesAreNeverCached() {
        String id = Shop.cartId(shop.post("/cart/add", Map.of("productId", "9")));
        HttpProbe.Response cart = shop.get("/cart", "Cookie: cart=" + id);
        assertThat(cart.header("cache-control")).contains("private").contains("no-store");
        assertThat(cart.cacheStatus()).as("no rule covers /cart").isNull();
        HttpProbe.Response anonymous = shop.get("/cart");
        assertThat(anonymous.cacheStatus()).isNull();
        assertThat(anonymous.text()).contains("Your cart is empty");
    }

    @Test
    void aChangeToAnExistingCartNeedsItsFormToken() {
        String id = Shop.cartId(shop.post("/cart/add", Map.of("productId", "11")));
        HttpProbe.Response forged = shop.post("/cart/add", Map.of("productId", "12"), "Cookie: cart=" + id);
        assertThat(forged.status()).isEqualTo(403);
        String token = Shop.token(shop.get("/cart", "Cookie: cart=" + id).text());
        HttpProbe.Response real = shop.post("/cart/add", Map.of("productId", "12", "token", token), "Cookie: cart=" + id);
        assertThat(real.status()).isEqualTo(303);
        assertThat(Shop.cartCount(shop.get("/cart", "Cookie: cart=" + id).text())).isEqualTo("2");
        HttpProbe.Response crossSite = shop.post("/cart/add", Map.of("productId", "12"), "Origin: https://evil.example");
        assertThat(crossSite.status()).isEqualTo(403);
    }

    @Test
    void adminActionsNeedTheToken() {
        assertThat(shop.post("/admin/cache", Map.of("state", "off")).status()).isEqualTo(403);
        assertThat(shop.post("/admin/cache", Map.of("state", "off", "token", "wrong")).status()).isEqualTo(403);
        assertThat(shop.post("/admin/purge", Map.of("all", "true"), "X-Admin-Token: nope").status()).isEqualTo(403);
        assertThat(shop.post("/admin/price", Map.of("id", "1", "price", "1.00", "token", "x")).status()).isEqualTo(403);
        assertThat(shop.get("/_stats").text()).contains("\"cache\":\"on\"");
        assertThat(shop.get("/product/1").text()).doesNotContain("id=\"price\">1.00<");
    }

    @Test
    void purgingAPathMakesTheNextRequestRender() {
        shop.warm("/product/301");
        HttpProbe.Response purge = shop.post("/admin/purge", Map.of("path", "/product/301", "token", Shop.ADMIN_TOKEN));
        assertThat(purge.status()).as(purge.text()).isEqualTo(200);
        assertThat(shop.get("/product/301").isHit()).isFalse();
    }

    @Test
    void theAdminPurgeRunsThroughTheLibrarysPurgeEndpoint() {
        shop.warm("/product/302");
        long before = shop.server.outputCache().orElseThrow().stats().hits();
        HttpProbe.Response purge = shop.post("/admin/purge", Map.of("path", "/product/302", "token", Shop.ADMIN_TOKEN));
        assertThat(purge.text()).contains("1 cached variants of /product/302 removed");
        assertThat(shop.get("/product/302").isHit()).isFalse();
        assertThat(shop.server.outputCache().orElseThrow().stats().hits()).isEqualTo(before);
        HttpProbe.Response form = shop.post("/admin/purge", Map.of("all", "true", "token", Shop.ADMIN_TOKEN,
                "from", "form"));
        assertThat(form.status()).isEqualTo(303);
        assertThat(form.header("location")).contains("every+cached+page+was+removed");
    }

    @Test
    void thePurgeEndpointIsOnAndNeedsItsTokenWhichIsNeverPrinted() {
        HttpProbe.Response anonymous = shop.post(io.outputcache.demo.web.DemoServices.PURGE_PATH, Map.of("all", "true"));
        assertThat(anonymous.status()).isEqualTo(401);
        HttpProbe.Response adminTokenIsNotIt = shop.post(io.outputcache.demo.web.DemoServices.PURGE_PATH,
                Map.of("all", "true"), "X-Purge-Token: " + Shop.ADMIN_TOKEN);
        assertThat(adminTokenIsNotIt.status()).isEqualTo(403);
        String token = shop.server.services().purgeToken();
        assertThat(shop.server.notes()).anyMatch(n -> n.contains("purge endpoint enabled"))
                .noneMatch(n -> n.contains(token));
        HttpProbe.Response withToken = shop.post(io.outputcache.demo.web.DemoServices.PURGE_PATH,
                Map.of("tag", "product-1"), "X-Purge-Token: " + token);
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.text()).startsWith("{\"removed\":{\"tags\":{\"product-1\":");
    }

    @Test
    void switchingCachingOffRendersEveryRequest() {
        shop.warm("/product/401");
        try {
            assertThat(shop.post("/admin/cache", Map.of("state", "off", "token", Shop.ADMIN_TOKEN)).status()).isEqualTo(200);
            long renders = shop.stat("pageRenders");
            HttpProbe.Response r = shop.get("/product/401");
            assertThat(r.cacheStatus()).isNull();
            assertThat(shop.stat("pageRenders")).isEqualTo(renders + 1);
            assertThat(shop.get("/_stats").text()).contains("\"cache\":\"off\"");
        } finally {
            shop.post("/admin/cache", Map.of("state", "on", "token", Shop.ADMIN_TOKEN));
        }
        shop.warm("/product/401"); // and it is served from the cache again
    }

    private static String categoryOf(String productHtml) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("href=\"/category/([a-z]+)\"").matcher(
                productHtml.substring(productHtml.indexOf("class=\"crumbs\"")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
