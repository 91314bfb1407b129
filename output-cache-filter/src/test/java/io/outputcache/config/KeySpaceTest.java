package io.outputcache.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySpaceTest {

    @Test
    void defaults() {
        assertThat(KeySpace.builder().build()).isEqualTo(new KeySpace("oc", Set.of()));
    }

    @Test
    void hostsAreLowerCasedInAsciiForm() {
        assertThat(KeySpace.builder().allowedHosts(List.of("Shop.Example", "bücher.example")).build().allowedHosts())
                .containsExactlyInAnyOrder("shop.example", "xn--bcher-kva.example");
    }

    @Test
    void hostsHaveNoSchemeOrPort() {
        assertThatThrownBy(() -> KeySpace.builder().allowedHosts(List.of("shop.example:8080")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("without scheme or port");
        assertThatThrownBy(() -> KeySpace.builder().allowedHosts(List.of("https://shop.example")))
                .hasMessageContaining("without scheme or port");
    }

    @Test
    void prefix_twice() {
        assertThatThrownBy(() -> KeySpace.builder().prefix("a").prefix("b")).hasMessage("key-prefix was already set to a");
    }

    @Test
    void allowedHosts_twice() {
        assertThatThrownBy(() -> KeySpace.builder().allowedHosts(List.of("a")).allowedHosts(List.of("b")))
                .hasMessage("allowed-hosts was already set to [a]");
    }

    @Test
    void prefixIsChecked() {
        assertThatThrownBy(() -> new KeySpace("my app", Set.of())).hasMessageContaining("key-prefix must be 1-64");
    }
}
