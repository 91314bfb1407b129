package io.outputcache.internal.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an unsafe method invalidates (RFC 9111 §4.4). */
class UnsafeInvalidationTest {
    private static final String URL = "http://shop.example:8080/app/cart/add";

    @Test
    void onlySuccessAndRedirectResponsesInvalidate() {
        assertThat(UnsafeInvalidation.invalidates(200)).isTrue();
        assertThat(UnsafeInvalidation.invalidates(204)).isTrue();
        assertThat(UnsafeInvalidation.invalidates(303)).isTrue();
        assertThat(UnsafeInvalidation.invalidates(100)).isFalse();
        assertThat(UnsafeInvalidation.invalidates(404)).isFalse();
        assertThat(UnsafeInvalidation.invalidates(500)).isFalse();
    }

    @Test
    void theTargetItselfIsInvalidated() {
        assertThat(UnsafeInvalidation.targets(URL, "shop.example", "/app", "/cart/add", "x=1", List.of()))
                .containsExactly(new UnsafeInvalidation.Target("/cart/add", "x=1"));
    }

    @Test
    void sameOriginLocationsAreInvalidatedRelativeOrAbsolute() {
        assertThat(UnsafeInvalidation.targets(URL, "shop.example", "/app", "/cart/add", null,
                List.of("/app/cart?view=1", "http://SHOP.example:8080/app/products/7")))
                .containsExactly(new UnsafeInvalidation.Target("/cart/add", null),
                        new UnsafeInvalidation.Target("/cart", "view=1"),
                        new UnsafeInvalidation.Target("/products/7", null));
    }

    @Test
    void otherOriginsAndOtherApplicationsAreLeftAlone() {
        assertThat(UnsafeInvalidation.targets(URL, "shop.example", "/app", "/cart/add", null,
                List.of("http://evil.example/app/cart", "/other-app/cart", "::not a uri")))
                .containsExactly(new UnsafeInvalidation.Target("/cart/add", null));
    }
}
