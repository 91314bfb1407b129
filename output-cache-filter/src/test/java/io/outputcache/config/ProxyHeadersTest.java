package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyHeadersTest {

    @Test
    void defaultsKeyTheForwardingFamilyAndBypassTheOverrides() {
        ProxyHeaders d = ProxyHeaders.builder().build();
        assertThat(d).isEqualTo(ProxyHeaders.DEFAULT);
        assertThat(d.keyed()).contains("forwarded", "x-forwarded-host", "x-forwarded-proto");
        assertThat(d.bypass()).contains("x-original-url", "x-http-method-override");
    }

    @Test
    void keyed_replaces() {
        assertThat(ProxyHeaders.builder().keyed(List.of("X-Custom-Host")).build().keyed()).containsExactly("x-custom-host");
        assertThat(ProxyHeaders.builder().keyed(List.of()).build().keyed()).isEmpty();
    }

    @Test
    void bypass_twice() {
        assertThatThrownBy(() -> ProxyHeaders.builder().bypass(List.of("X-A")).bypass(List.of("X-B")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("bypass-headers was already set to [x-a]");
    }

    @Test
    void namesMustBeTokens() {
        assertThatThrownBy(() -> new ProxyHeaders(List.of("ok"), List.of("not ok")))
                .hasMessage("bypass-headers must be header field names but got 'not ok'");
    }
}
