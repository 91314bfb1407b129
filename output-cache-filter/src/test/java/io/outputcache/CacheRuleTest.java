package io.outputcache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheRuleTest {
    @Test
    void nameIsChecked() {
        assertThatThrownBy(() -> CacheRule.builder("has space")).hasMessageContaining("rule name must be");
    }

    @Test
    void ttlMustBePositive() {
        assertThatThrownBy(() -> CacheRule.builder("r").ttl(Duration.ZERO)).hasMessage("rule r ttl must be positive but was PT0S");
    }

    @Test
    void graceMayBeZeroButNotNegative() {
        assertThat(CacheRule.builder("r").include("/").grace(Duration.ZERO).build().grace()).isZero();
        assertThatThrownBy(() -> CacheRule.builder("r").grace(Duration.ofSeconds(-1))).hasMessageContaining("grace must not be negative");
    }

    @Test
    void acceptEncodingCannotBeAVaryHeader() {
        assertThatThrownBy(() -> CacheRule.builder("r").varyHeaders("Accept-Encoding")).hasMessageContaining("negotiates gzip itself");
    }

    @Test
    void onlyHeuristicallyCacheableStatuses() {
        assertThatThrownBy(() -> CacheRule.builder("r").cacheableStatuses(200, 500)).hasMessageContaining("got 500");
        assertThatThrownBy(() -> CacheRule.builder("r").cacheableStatuses(302)).hasMessageContaining("got 302");
    }

    @Test
    void httpModeTakesVaryFromTheResponse() {
        assertThatThrownBy(() -> CacheRule.builder("r").include("/").mode(CacheMode.HTTP).varyHeaders("Accept-Language").build())
                .hasMessageContaining("http mode");
    }

    @Test
    void tagsAreChecked() {
        assertThatThrownBy(() -> CacheRule.builder("r").tags("a b")).hasMessageContaining("without spaces");
    }

    @Test
    void toBuilderKeepsEverything() {
        CacheRule rule = CacheRule.builder("r").include("/a/*").exclude("/a/x").ttl(Duration.ofMinutes(2))
                .varyHeaders("X-Tenant").varyCookies("locale").allowedQueryParams("page").cacheableStatuses(200, 404)
                .useOriginMaxAge(true).tags("t").build();
        assertThat(rule.toBuilder().build().toString()).isEqualTo(rule.toString());
    }
}
