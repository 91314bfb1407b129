package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of a rule: its path scope, its key shape and its lifetime. */
class RuleRecordsTest {

    @Test
    void scopeIncludesMinusExcludes() {
        PathScope scope = PathScope.of("rule r", List.of("/products/*", "/c/**"), List.of("/products/admin"));
        assertThat(scope.matches("/products/42")).isTrue();
        assertThat(scope.matches("/c/shoes/red")).isTrue();
        assertThat(scope.matches("/products/admin")).isFalse();
        assertThat(scope.matches("/cart")).isFalse();
        assertThat(scope).hasToString("include=[/products/*, /c/**], exclude=[/products/admin]");
    }

    @Test
    void scopeNeedsAnInclude() {
        assertThatThrownBy(() -> PathScope.of("rule r", List.of(), List.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("rule r needs at least one include pattern");
    }

    @Test
    void aBadPatternIsAConfigurationError() {
        assertThatThrownBy(() -> PathScope.builder("rule r").include(List.of("products/*")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("rule r include")
                .hasMessageContaining("starting with '/'");
    }

    @Test
    void scopeInclude_twice() {
        assertThatThrownBy(() -> PathScope.builder("rule r").include(List.of("/a")).include(List.of("/b")))
                .hasMessage("rule r include was already set to [/a]");
    }

    @Test
    void scopeToBuilderInclude_replaces() {
        PathScope scope = PathScope.of("rule r", List.of("/a"), List.of("/a/x"));
        PathScope changed = scope.toBuilder("rule r").include(List.of("/b")).build();
        assertThat(changed.include()).containsExactly("/b");
        assertThat(changed.exclude()).containsExactly("/a/x");
    }

    @Test
    void keyShapeDefaultsIgnoreTrackingParameters() {
        KeyShape d = KeyShape.builder("rule r").build();
        assertThat(d).isEqualTo(KeyShape.DEFAULT);
        assertThat(d.ignoredQueryParams()).contains("utm_*", "fbclid");
        assertThat(d.allowedQueryParams()).isEmpty();
    }

    @Test
    void keyShapeIgnoredQueryParams_replaces() {
        assertThat(KeyShape.builder("rule r").ignoredQueryParams(List.of("ref")).build().ignoredQueryParams())
                .containsExactly("ref");
    }

    @Test
    void keyShapeVaryHeaders_twice() {
        assertThatThrownBy(() -> KeyShape.builder("rule r").varyHeaders(List.of("X-A")).varyHeaders(List.of("X-B")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("rule r vary-headers was already set to [x-a]");
    }

    @Test
    void keyShapeRefusesAcceptEncoding() {
        assertThatThrownBy(() -> new KeyShape(List.of("Accept-Encoding"), List.of(), List.of(), Optional.empty()))
                .hasMessageContaining("negotiates gzip itself");
    }

    @Test
    void keyShapeToBuilderKeepsWhatIsNotSet() {
        KeyShape shape = KeyShape.builder("rule r").varyCookies(List.of("locale")).allowedQueryParams(List.of("page")).build();
        KeyShape changed = shape.toBuilder("rule r").varyHeaders(List.of("Accept-Language")).build();
        assertThat(changed.varyCookies()).containsExactly("locale");
        assertThat(changed.allowedQueryParams()).contains(List.of("page"));
        assertThat(changed.varyHeaders()).containsExactly("accept-language");
    }

    @Test
    void lifetimeDefaults() {
        assertThat(Lifetime.builder("rule r").build())
                .isEqualTo(new Lifetime(Duration.ofSeconds(60), Duration.ofSeconds(10), false, false));
    }

    @Test
    void lifetimeTtl_twice() {
        assertThatThrownBy(() -> Lifetime.builder("rule r").ttl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(2)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("rule r ttl was already set to PT1M");
    }

    @Test
    void lifetimeUseOriginStale_twice() {
        assertThatThrownBy(() -> Lifetime.builder("rule r").useOriginStale(true).useOriginStale(true))
                .hasMessage("rule r use-origin-stale was already set to true");
    }

    @Test
    void lifetimeChecksItselfWhenMadeDirectly() {
        assertThatThrownBy(() -> new Lifetime(Duration.ZERO, Duration.ZERO, false, false))
                .hasMessage("ttl must be positive but was PT0S");
        assertThatThrownBy(() -> new Lifetime(Duration.ofSeconds(1), Duration.ofSeconds(-1), false, false))
                .hasMessage("grace must not be negative but was PT-1S");
    }
}
