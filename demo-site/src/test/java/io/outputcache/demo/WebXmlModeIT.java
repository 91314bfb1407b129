package io.outputcache.demo;

import io.outputcache.testing.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The same shop deployed from WEB-INF/web.xml, its filter configured only by init-params (memory page store here). */
class WebXmlModeIT {
    private static Shop shop;

    @BeforeAll
    static void start() {
        shop = Shop.start(b -> {
            b.webXml = true;
            b.memoryPageStore = true;
        });
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void pagesAreCachedByTheFilterDeclaredInWebXml() {
        HttpProbe.Response first = shop.get("/category/garden?page=2");
        HttpProbe.Response second = shop.get("/category/garden?page=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cacheStatus()).contains("stored");
        assertThat(second.isHit()).isTrue();
        assertThat(shop.get("/_stats").text()).contains("pages: in-process memory");
    }

    @Test
    void theInitParamRuleIgnoresQueryParametersItDoesNotAllow() {
        shop.get("/product/77?utm_source=mail");
        assertThat(shop.get("/product/77?ref=other").isHit()).isTrue();
    }

    @Test
    void cartAndAdminWorkAsInCodeMode() {
        String id = Shop.cartId(shop.post("/cart/add", Map.of("productId", "77")));
        assertThat(Shop.cartCount(shop.get("/product/77", "Cookie: cart=" + id).text())).isEqualTo("1");
        HttpProbe.Response change = shop.post("/admin/price", Map.of("id", "77", "price", "7.77", "token", Shop.ADMIN_TOKEN));
        assertThat(change.status()).as(change.text()).isEqualTo(200);
        assertThat(shop.get("/product/77").text()).contains("id=\"price\">7.77<");
    }

    @Test
    void theAdminSwitchAndPurgeUseTheLibrarysOwnSwitchAndEndpoint() {
        shop.get("/product/78");
        assertThat(shop.get("/product/78").isHit()).isTrue();
        HttpProbe.Response purge = shop.post("/admin/purge", Map.of("path", "/product/78", "token", Shop.ADMIN_TOKEN));
        assertThat(purge.text()).contains("1 cached variants of /product/78 removed");
        try {
            assertThat(shop.post("/admin/cache", Map.of("state", "off", "token", Shop.ADMIN_TOKEN)).status())
                    .isEqualTo(200);
            assertThat(shop.get("/product/78").cacheStatus()).isNull();
        } finally {
            shop.post("/admin/cache", Map.of("state", "on", "token", Shop.ADMIN_TOKEN));
        }
        assertThat(shop.get("/product/78").cacheStatus()).isNotNull();
    }
}
