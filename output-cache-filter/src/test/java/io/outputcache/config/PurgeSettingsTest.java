package io.outputcache.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PurgeSettingsTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @Test
    void defaults() {
        PurgeSettings s = PurgeSettings.builder().path("/_outputcache/purge").token(TOKEN).build();
        assertThat(s).isEqualTo(new PurgeSettings("/_outputcache/purge", TOKEN, "x-purge-token", 10));
    }

    @Test
    void everySettingIsKept() {
        PurgeSettings s = PurgeSettings.builder().path("/ops/purge").token(TOKEN).tokenHeader("X-Ops-Key")
                .rateLimit(3).build();
        assertThat(s.tokenHeader()).isEqualTo("x-ops-key");
        assertThat(s.ratePerSecond()).isEqualTo(3);
    }

    @Test
    void theTokenIsNeverShown() {
        PurgeSettings s = PurgeSettings.builder().path("/p").token(TOKEN).build();
        assertThat(s.toString()).doesNotContain(TOKEN).contains("purge-token=(redacted)");
        assertThatThrownBy(() -> PurgeSettings.builder().token(TOKEN).token(TOKEN))
                .hasMessage("purge-token was already set to (redacted)");
        assertThatThrownBy(() -> PurgeSettings.builder().token("short secret"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageNotContaining("short secret")
                .hasMessageContaining("purge-token");
    }

    @Test
    void thePathIsAPlainPathWithinTheApplication() {
        for (String bad : new String[] {"purge", "/a b", "/a?x=1", "/a/../b", "/a/.", "/%2e%2e/x", "/", ""}) {
            assertThatThrownBy(() -> PurgeSettings.builder().path(bad)).as(bad)
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("purge-path");
        }
    }

    @Test
    void theTokenHeaderIsAFieldName() {
        assertThatThrownBy(() -> PurgeSettings.builder().tokenHeader("X Token"))
                .hasMessageContaining("purge-token-header");
    }

    @Test
    void theRateIsBetweenOneAndTenThousand() {
        assertThatThrownBy(() -> PurgeSettings.builder().rateLimit(0)).hasMessageContaining("purge-rate-limit");
        assertThatThrownBy(() -> PurgeSettings.builder().rateLimit(10_001)).hasMessageContaining("purge-rate-limit");
    }

    @Test
    void theEndpointNeedsAPathAndAToken() {
        assertThat(PurgeSettings.builder().isSet()).isFalse();
        assertThatThrownBy(() -> PurgeSettings.builder().token(TOKEN).build()).hasMessageContaining("purge-path");
        assertThatThrownBy(() -> PurgeSettings.builder().path("/p").build()).hasMessageContaining("purge-token");
    }

    @Test
    void path_twice() {
        assertThatThrownBy(() -> PurgeSettings.builder().path("/a").path("/b"))
                .hasMessage("purge-path was already set to /a");
    }
}
