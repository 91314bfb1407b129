package io.outputcache.demo;

import io.outputcache.testing.HttpProbe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** With no --redis and an embedded Redis that cannot start, the shop still runs, on in-process stores, and says so. */
class FallbackIT {

    @Test
    void withoutAnyRedisTheShopRunsOnInProcessStoresAndSaysSo() throws Exception {
        DemoOptions options = DemoOptions.defaults().with(b -> {
            b.port = 0;
            b.redis = java.util.List.of();
            b.dbLatencyMs = 0;
            b.adminToken = Optional.of(Shop.ADMIN_TOKEN);
        });
        try (DemoServer server = DemoServer.start(options, () -> {
            throw new IOException("no redis binary for this platform");
        })) {
            assertThat(server.notes()).anySatisfy(n -> assertThat(n)
                    .contains("could not start embedded Redis (no redis binary for this platform)")
                    .contains("in-process stores"));
            assertThat(server.services().storeDescription()).isEqualTo("pages: in-process memory, data and carts:"
                    + " in-process memory, products: embedded in-memory H2");
            HttpProbe http = new HttpProbe("127.0.0.1", server.port());
            assertThat(http.get("/product/8").cacheStatus()).contains("stored");
            assertThat(http.get("/product/8").isHit()).isTrue();
            HttpProbe.Response added = http.request("POST", "/cart/add", "productId=8&quantity=2".getBytes(),
                    "Content-Type: application/x-www-form-urlencoded");
            String cart = http.get("/cart", "Cookie: cart=" + Shop.cartId(added)).text();
            assertThat(Shop.cartCount(cart)).isEqualTo("2");
            HttpProbe.Response change = http.request("POST", "/admin/price", "id=8&price=8.88".getBytes(),
                    "Content-Type: application/x-www-form-urlencoded", "X-Admin-Token: " + Shop.ADMIN_TOKEN);
            assertThat(change.status()).isEqualTo(200);
            assertThat(http.get("/product/8").text()).contains("id=\"price\">8.88<");
        }
    }
}
