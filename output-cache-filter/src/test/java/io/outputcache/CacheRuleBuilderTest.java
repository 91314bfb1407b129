package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule builder's semantics, one test per rule: set once, lists replace, a copy's values are defaults. */
class CacheRuleBuilderTest {

    private static CacheRule.Builder pages() {
        return CacheRule.builder("pages").include("/**");
    }

    @Test
    void include_twice() {
        assertThatThrownBy(() -> CacheRule.builder("r").include("/a").include("/b"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("rule r include was already set to [/a]");
    }

    @Test
    void include_replacesTheCopiedPatterns() {
        CacheRule rule = CacheRule.builder("r").include("/a/*").exclude("/a/x").build();
        CacheRule changed = rule.toBuilder().include("/b/*").build();
        assertThat(changed.include()).containsExactly("/b/*");
        assertThat(changed.exclude()).containsExactly("/a/x");
    }

    @Test
    void ttl_twice() {
        assertThatThrownBy(() -> pages().ttl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(5)))
                .hasMessage("rule pages ttl was already set to PT1M");
    }

    @Test
    void mode_twice() {
        assertThatThrownBy(() -> pages().mode(CacheMode.HTTP).mode(CacheMode.OUTPUT))
                .hasMessage("rule pages mode was already set to HTTP");
    }

    @Test
    void varyHeaders_twice() {
        assertThatThrownBy(() -> pages().varyHeaders("Accept-Language").varyHeaders("X-Tenant"))
                .hasMessage("rule pages vary-headers was already set to [accept-language]");
    }

    @Test
    void varyHeaders_replacesTheCopiedHeaders() {
        CacheRule rule = pages().varyHeaders("Accept-Language").build();
        assertThat(rule.toBuilder().varyHeaders("X-Tenant").build().varyHeaders()).containsExactly("x-tenant");
    }

    @Test
    void maxKeyLength_twice() {
        assertThatThrownBy(() -> pages().maxKeyLength(100).maxKeyLength(200))
                .hasMessage("rule pages max-key-length was already set to 100");
    }

    @Test
    void maxKeyLengthDefaultsToFourKibiAndIsBounded() {
        assertThat(pages().build().keyShape().maxKeyLength()).isEqualTo(4096);
        assertThat(pages().maxKeyLength(512).build().toString()).contains("max-key-length=512");
        assertThatThrownBy(() -> pages().maxKeyLength(0))
                .hasMessage("rule pages max-key-length must be between 16 and 1048576 characters but was 0");
    }

    @Test
    void tags_twice() {
        assertThatThrownBy(() -> pages().tags("a").tags("b")).hasMessage("rule pages tags was already set to [a]");
    }

    @Test
    void cacheableStatuses_replacesTheDefault() {
        assertThat(pages().cacheableStatuses(404).build().cacheableStatuses()).containsExactly(404);
        assertThatThrownBy(() -> pages().cacheableStatuses(200).cacheableStatuses(404))
                .hasMessage("rule pages cacheable-statuses was already set to [200]");
    }

    @Test
    void ignoredQueryParams_replacesTheDefault() {
        assertThat(pages().ignoredQueryParams("ref").build().ignoredQueryParams()).containsExactly("ref");
    }

    @Test
    void allowAuthorized_twice() {
        assertThatThrownBy(() -> pages().allowAuthorized(true).allowAuthorized(true))
                .hasMessage("rule pages allow-authorized was already set to true");
    }

    @Test
    void shadow_twice() {
        assertThatThrownBy(() -> pages().shadow(true).shadow(false)).hasMessage("rule pages shadow was already set to true");
    }

    @Test
    void aCopyMaySetEachOptionOnceMore() {
        CacheRule rule = pages().ttl(Duration.ofMinutes(1)).allowAuthorized(true).tags("t").build();
        CacheRule changed = rule.toBuilder().ttl(Duration.ofMinutes(2)).allowAuthorized(false).build();
        assertThat(changed.ttl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(changed.allowAuthorized()).isFalse();
        assertThat(changed.tags()).containsExactly("t");
        assertThat(rule.ttl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void thePartsAreRecordsTheFlatAccessorsRead() {
        CacheRule rule = pages().ttl(Duration.ofMinutes(3)).varyCookies("locale").build();
        assertThat(rule.lifetime().ttl()).isEqualTo(rule.ttl()).isEqualTo(Duration.ofMinutes(3));
        assertThat(rule.keyShape().varyCookies()).isEqualTo(rule.varyCookies()).containsExactly("locale");
        assertThat(rule.scope().matches("/x")).isEqualTo(rule.matches("/x")).isTrue();
    }

    @Test
    void storableStatusesHaveOneHome() {
        assertThat(CacheRule.STORABLE_STATUSES).containsExactlyInAnyOrder(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
    }

    @Test
    void storeSetCookieIsForHttpModeOnly() {
        assertThatThrownBy(() -> pages().storeSetCookie(true).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("rule pages store-set-cookie applies to http mode only");
        assertThat(pages().mode(CacheMode.HTTP).storeSetCookie(true).build().sharing().storeSetCookie()).isTrue();
    }

    @Test
    void signedInRequestsBypassByDefault() {
        assertThat(pages().build().sharing().bypassSignedIn()).isTrue();
        assertThat(pages().build().sharing().sameForEveryUser()).isFalse();
        assertThat(pages().sameForEveryUser(true).build().sharing().bypassSignedIn()).isFalse();
    }
}
