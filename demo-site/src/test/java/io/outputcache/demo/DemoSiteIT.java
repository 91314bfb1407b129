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
                "fragmentHits", "fragmentMisses", "dataHits", "dataMisses", "dbQueries", "storeErrors")) {
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
    void aRenderCountsOnePageAndItsHeaderFooterAndBanner() {
        long renders = shop.stat("pageRenders");
        long fragments = shop.stat("fragmentRenders");
        shop.get("/product/102");
        assertThat(shop.stat("pageRenders")).isEqualTo(renders + 1);
        assertThat(shop.stat("fragmentRenders")).isEqualTo(fragments + 3);
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
