package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeakGuardSettingsTest {

    @Test
    void defaults() {
        LeakGuardSettings d = LeakGuardSettings.builder().build();
        assertThat(d).isEqualTo(LeakGuardSettings.DEFAULT);
        assertThat(d.enabled()).isTrue();
        assertThat(d.cookies()).containsExactly("JSESSIONID", "XSRF-TOKEN");
        assertThat(d.headers()).containsExactly("x-csrf-token", "x-xsrf-token");
        assertThat(d.attributes()).containsExactly("_csrf");
        assertThat(d.minLength()).isEqualTo(4);
    }

    @Test
    void cookies_replaces() {
        assertThat(LeakGuardSettings.builder().cookies(List.of("SESSION")).build().cookies()).containsExactly("SESSION");
    }

    @Test
    void headers_replacesAndLowerCases() {
        assertThat(LeakGuardSettings.builder().headers(List.of("X-Token")).build().headers()).containsExactly("x-token");
    }

    @Test
    void cookies_twice() {
        assertThatThrownBy(() -> LeakGuardSettings.builder().cookies(List.of("A")).cookies(List.of("B")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("leak-guard-cookies was already set to [A]");
    }

    @Test
    void enabled_twice() {
        assertThatThrownBy(() -> LeakGuardSettings.builder().enabled(false).enabled(true))
                .hasMessage("leak-guard was already set to false");
    }

    @Test
    void minLengthIsBounded() {
        assertThatThrownBy(() -> LeakGuardSettings.builder().minLength(0))
                .hasMessage("leak-guard-min-length must be between 1 and 1024 but was 0");
        assertThatThrownBy(() -> LeakGuardSettings.builder().minLength(1025)).hasMessageContaining("1024");
    }

    @Test
    void attributesMustBeNamed() {
        assertThatThrownBy(() -> LeakGuardSettings.builder().attributes(List.of(" ")))
                .hasMessage("leak-guard-attributes must not contain an empty name");
    }

    @Test
    void toStringShowsTheListsOnlyWhenOn() {
        assertThat(LeakGuardSettings.builder().enabled(false).build()).hasToString("leak-guard=false");
        assertThat(LeakGuardSettings.DEFAULT.toString()).contains("leak-guard-cookies=[JSESSIONID, XSRF-TOKEN]");
    }
}
