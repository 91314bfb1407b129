package io.outputcache.internal.webxml;

import io.outputcache.OutputCacheConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The security options: defaults, init-param names mapped onto the builder, and errors that name the option. */
class SecurityOptionsTest {

    private static Map<String, String> params(String... pairs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rules", "pages");
        p.put("rule.pages.include", "/**");
        for (int i = 0; i < pairs.length; i += 2) {
            p.put(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    /** The filter's own route: the init-param parser onto the builder. */
    private static OutputCacheConfig fromInitParameters(Map<String, String> params) {
        return InitParameters.parse(params).build();
    }

    @Test
    void defaultsAreSafe() {
        OutputCacheConfig config = fromInitParameters(params());
        assertThat(config.keyedForwardingHeaders()).contains("forwarded", "x-forwarded-host", "x-forwarded-proto",
                "x-forwarded-scheme", "x-forwarded-port", "x-forwarded-prefix");
        assertThat(config.bypassHeaders()).contains("x-original-url", "x-rewrite-url", "x-http-method-override");
        assertThat(config.leakGuard()).isTrue();
        assertThat(config.leakGuardCookies()).containsExactly("JSESSIONID", "XSRF-TOKEN");
        assertThat(config.leakGuardHeaders()).containsExactly("x-csrf-token", "x-xsrf-token");
        assertThat(config.leakGuardAttributes()).containsExactly("_csrf");
        assertThat(config.leakGuardMinLength()).isEqualTo(4);
        assertThat(config.shadow()).isFalse();
    }

    @Test
    void everySecurityOptionHasAnInitParam() {
        OutputCacheConfig config = fromInitParameters(params(
                "keyed-forwarding-headers", "X-Forwarded-Host, X-Custom-Host",
                "bypass-headers", "X-Original-URL",
                "leak-guard", "false",
                "leak-guard-cookies", "SESSION, remember-me",
                "leak-guard-headers", "X-Token",
                "leak-guard-attributes", "csrfToken",
                "leak-guard-min-length", "6",
                "shadow", "true"));
        assertThat(config.keyedForwardingHeaders()).containsExactly("x-forwarded-host", "x-custom-host");
        assertThat(config.bypassHeaders()).containsExactly("x-original-url");
        assertThat(config.leakGuard()).isFalse();
        assertThat(config.leakGuardCookies()).containsExactly("SESSION", "remember-me");
        assertThat(config.leakGuardHeaders()).containsExactly("x-token");
        assertThat(config.leakGuardAttributes()).containsExactly("csrfToken");
        assertThat(config.leakGuardMinLength()).isEqualTo(6);
        assertThat(config.shadow()).isTrue();
        assertThat(config.toString()).contains("leak-guard=false").contains("shadow");
    }

    @Test
    void anEmptyListKeysNoForwardingHeader() {
        assertThat(fromInitParameters(params("keyed-forwarding-headers", "")).keyedForwardingHeaders())
                .isEmpty();
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> fromInitParameters(params("leak-guard-min-length", "0")))
                .hasMessageContaining("leak-guard-min-length");
        assertThatThrownBy(() -> fromInitParameters(params("bypass-headers", "X-Bad Header:")))
                .hasMessageContaining("bypass-headers");
        assertThatThrownBy(() -> fromInitParameters(params("leak-guard", "maybe")))
                .hasMessageContaining("leak-guard");
        assertThatThrownBy(() -> fromInitParameters(params("leak-guard-cookies", "a=b")))
                .hasMessageContaining("leak-guard-cookies");
    }

    @Test
    void theBuilderRejectsNullLists() {
        assertThatThrownBy(() -> OutputCacheConfig.builder().keyedForwardingHeaders(null))
                .hasMessageContaining("keyed-forwarding-headers");
        assertThat(OutputCacheConfig.builder().bypassHeaders(List.of()).leakGuardMinLength(1)).isNotNull();
    }
}
